/** The run profiles: `smoke` is the fast CI run, `full` reproduces the reported numbers. */
export type Profile = 'smoke' | 'full';

/** Name of the environment variable through which the notebook runner passes the profile. */
export const PROFILE_ENV = 'TOUNUM_PROFILE';

/**
 * The profile this process runs under, read from `TOUNUM_PROFILE`.
 *
 * Notebooks call this once in their first cell and size their experiments from it.
 * @param env - the environment to read (defaults to `process.env`).
 * @param options.defaultProfile - used when the variable is unset or empty. @default 'full'
 * @throws RangeError when the variable holds anything but `smoke` or `full`.
 */
export function getProfile(
  env: Record<string, string | undefined> = process.env,
  options: { defaultProfile?: Profile } = {},
): Profile {
  const raw = (env[PROFILE_ENV] ?? '').trim().toLowerCase();
  if (raw === '') return options.defaultProfile ?? 'full';
  if (raw === 'smoke' || raw === 'full') return raw;
  throw new RangeError(`${PROFILE_ENV} must be "smoke" or "full", got "${env[PROFILE_ENV]}"`);
}

/**
 * Picks the value for the current profile: `byProfile({ smoke: 4, full: 68 })`.
 * @param values - one value per profile.
 * @param profile - the profile to use. @default getProfile()
 */
export function byProfile<T>(values: Record<Profile, T>, profile: Profile = getProfile()): T {
  return values[profile];
}
