/** Where a build reports what it is doing; the CLI turns this into a status line or timings. */
export interface Progress {
  /** A step of an issue begins: "check", "pdf pass 1", "web", … */
  start(issue: string, step: string): void;
  /** The step ended after `ms` milliseconds. */
  end(issue: string, step: string, ms: number): void;
}

export const silentProgress: Progress = { start: () => {}, end: () => {} };

/** Runs `work` as a named step, reporting its start and duration. */
export async function timed<T>(progress: Progress, issue: string, step: string, work: () => Promise<T>): Promise<T> {
  progress.start(issue, step);
  const started = performance.now();
  try {
    return await work();
  } finally {
    progress.end(issue, step, performance.now() - started);
  }
}
