/**
 * An error a user can meet and fix: a missing folder, a browser that will not
 * start, a render that timed out. Its message says what to do; the command line
 * prints it without a stack trace. Any other error is a bug in bulletin.
 */
export class BulletinError extends Error {
  override name = 'BulletinError';
}

/** Settles like `work`, or rejects with a BulletinError once `ms` milliseconds have passed. */
export async function withTimeout<T>(work: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new BulletinError(message)), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
