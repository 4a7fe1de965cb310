import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getProfile, byProfile } from '..';

test('reads TOUNUM_PROFILE, defaults to full, rejects anything else', () => {
  assert.equal(getProfile({ TOUNUM_PROFILE: 'smoke' }), 'smoke');
  assert.equal(getProfile({ TOUNUM_PROFILE: ' FULL ' }), 'full');
  assert.equal(getProfile({}), 'full');
  assert.equal(getProfile({}, { defaultProfile: 'smoke' }), 'smoke');
  assert.throws(() => getProfile({ TOUNUM_PROFILE: 'fast' }), /must be "smoke" or "full", got "fast"/);
});

test('byProfile picks the value of the profile', () => {
  assert.equal(byProfile({ smoke: 2, full: 68 }, 'smoke'), 2);
  assert.equal(byProfile({ smoke: 2, full: 68 }, 'full'), 68);
});
