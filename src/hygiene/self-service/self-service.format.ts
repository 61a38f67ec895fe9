import { normaliseMobile } from '../../taxpayers/phone.ts';

/** 010-1234-5678 for a stored +8210…, shown back only to the person who typed it. */
export function displayMobile(e164: string): string {
  const m = normaliseMobile(e164);
  return m.ok ? m.display : e164;
}
