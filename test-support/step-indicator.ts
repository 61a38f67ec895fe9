// Test support (not a test): the KRDS step indicator of a page
// (components.ts stepIndicator), read back from the HTML.

export interface StepsRead {
  /** every step's name, in order */
  names: string[];
  /** the step marked aria-current="step" (null: none) */
  current: string | null;
  /** the names of the steps marked done */
  done: string[];
  /** the text a screen reader reads for the current step (its hidden "current step" words, number and name) */
  currentText: string | null;
}

const text = (fragment: string) => fragment.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim();

/** The page's step indicator; null when it has none. */
export function stepsOf(page: string): StepsRead | null {
  const list = /<ol class="krds-step-wrap"[^>]*>([\s\S]*?)<\/ol>/.exec(page)?.[1];
  if (list === undefined) return null;
  const items = [...list.matchAll(/<li([^>]*)>([\s\S]*?)<\/li>/g)].map(([, attrs, inner]) => ({
    attrs: attrs!,
    name: text(/<span class="step-tit">([\s\S]*?)<\/span>/.exec(inner!)?.[1] ?? ''),
    whole: text(inner!),
  }));
  const current = items.filter((i) => /aria-current="step"/.test(i.attrs));
  if (current.length > 1) throw new Error(`more than one current step: ${current.map((c) => c.name).join(', ')}`);
  return {
    names: items.map((i) => i.name),
    current: current[0]?.name ?? null,
    done: items.filter((i) => /class="done"/.test(i.attrs)).map((i) => i.name),
    currentText: current[0]?.whole ?? null,
  };
}
