import type { FastifyReply } from 'fastify';

// Work a public page does after its answer has gone out, so that how long
// the answer took says nothing about the work: the start page of /r/update
// answers "if the details match, a link is on its way" before it looks
// anyone up (issue 13, finding 7). Tests hold the work to see that the
// answer came first and that every request left the same work behind.

export class AfterResponse {
  private held: { task: () => Promise<void>; onError: (error: unknown) => void }[] | null = null;
  private readonly running = new Set<Promise<void>>();

  /** Runs the task once the reply has been written out (or the client went away before that). */
  after(reply: FastifyReply, task: () => Promise<void>, onError: (error: unknown) => void): void {
    let started = false;
    const start = () => {
      if (started) return;
      started = true;
      this.run(task, onError);
    };
    reply.raw.once('finish', start);
    reply.raw.once('close', start);
  }

  private run(task: () => Promise<void>, onError: (error: unknown) => void): void {
    if (this.held) {
      this.held.push({ task, onError });
      return;
    }
    const p: Promise<void> = task()
      .catch(onError)
      .finally(() => this.running.delete(p));
    this.running.add(p);
  }

  /** Tests: keep tasks instead of running them, until release(). */
  hold(): void {
    this.held ??= [];
  }

  /** Tasks kept by hold(). */
  get waiting(): number {
    return this.held?.length ?? 0;
  }

  release(): void {
    const tasks = this.held ?? [];
    this.held = null;
    for (const t of tasks) this.run(t.task, t.onError);
  }

  /** Resolves when every started task has finished. */
  async idle(): Promise<void> {
    while (this.running.size) await Promise.allSettled([...this.running]);
  }
}

/** The link requests of the start page (one per process). */
export const linkRequestWork = new AfterResponse();
