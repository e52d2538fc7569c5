import { BulletinError } from '../errors.js';

/** SOURCE_DATE_EPOCH (seconds) when set, as reproducible-builds.org defines it; else the fallback. */
export function buildDate(env: NodeJS.ProcessEnv, fallback: Date): Date {
  const epoch = env['SOURCE_DATE_EPOCH'];
  if (epoch === undefined || epoch === '') return fallback;
  const seconds = Number(epoch);
  if (!Number.isInteger(seconds) || seconds < 0) {
    throw new BulletinError(`SOURCE_DATE_EPOCH must be a whole number of seconds since 1970, got "${epoch}".`);
  }
  return new Date(seconds * 1000);
}
