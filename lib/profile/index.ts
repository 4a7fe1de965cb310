export { getProfile, byProfile, PROFILE_ENV } from './getProfile';
export type { Profile } from './getProfile';
