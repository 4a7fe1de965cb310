import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRng, shuffle } from '..';

test('same seed gives the same stream, different seeds differ', () => {
  const a = createRng(42);
  const b = createRng(42);
  const c = createRng(43);
  const sa = Array.from({ length: 8 }, () => a.next());
  const sb = Array.from({ length: 8 }, () => b.next());
  const sc = Array.from({ length: 8 }, () => c.next());
  assert.deepEqual(sa, sb);
  assert.notDeepEqual(sa, sc);
  for (const v of sa) assert.ok(v >= 0 && v < 1);
});

test('uniform and normal moments are right', () => {
  const rng = createRng(7);
  const n = 200000;
  let su = 0;
  let sn = 0;
  let sn2 = 0;
  for (let i = 0; i < n; i++) {
    su += rng.next();
    const z = rng.nextNormal();
    sn += z;
    sn2 += z * z;
  }
  assert.ok(Math.abs(su / n - 0.5) < 0.005, `uniform mean ${su / n}`);
  assert.ok(Math.abs(sn / n) < 0.01, `normal mean ${sn / n}`);
  assert.ok(Math.abs(sn2 / n - 1) < 0.02, `normal variance ${sn2 / n}`);
});

test('nextInt covers its range and validates n', () => {
  const rng = createRng(1);
  const seen = new Set<number>();
  for (let i = 0; i < 1000; i++) seen.add(rng.nextInt(5));
  assert.deepEqual([...seen].sort(), [0, 1, 2, 3, 4]);
  assert.throws(() => rng.nextInt(0), /positive integer/);
  assert.throws(() => createRng(Number.NaN), /finite number/);
});

test('shuffle is a seeded permutation and leaves its input alone', () => {
  const items = [1, 2, 3, 4, 5, 6, 7, 8, 9];
  const s1 = shuffle(items, createRng(3));
  const s2 = shuffle(items, createRng(3));
  assert.deepEqual(s1, s2);
  assert.deepEqual([...s1].sort(), items);
  assert.deepEqual(items, [1, 2, 3, 4, 5, 6, 7, 8, 9]);
});

test('getState / setState: a generator moved to a saved state draws what the saved one would have drawn', () => {
  const a = createRng(11);
  for (let i = 0; i < 37; i++) a.next();
  a.nextNormal(); // leaves a cached spare deviate, which the state must carry
  const saved = JSON.parse(JSON.stringify(a.getState())) as ReturnType<typeof a.getState>;
  assert.notEqual(saved.spare, null);
  const expected = [a.nextNormal(), a.next(), a.nextInt(1000), a.nextSeed(), a.nextNormal()];
  const b = createRng(999);
  b.setState(saved);
  assert.deepEqual([b.nextNormal(), b.next(), b.nextInt(1000), b.nextSeed(), b.nextNormal()], expected);
  for (const w of saved.sfc32) assert.ok(Number.isInteger(w) && w >= 0 && w <= 0xffffffff);
  assert.throws(() => b.setState({ sfc32: [1, 2, 3], spare: null } as never), /Rng.setState: state must be .* got \{"sfc32":\[1,2,3\],"spare":null\}/);
  assert.throws(() => b.setState({ sfc32: [1, 2, 3, -1], spare: null }), /Rng.setState/);
  // a refused state leaves the generator where it was: b and a drew the same values so far
  assert.equal(b.next(), a.next());
});
