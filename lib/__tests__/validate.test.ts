import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  booleanValue,
  finiteNumber,
  inRange,
  invalidParameterError,
  nonNegativeInt,
  nonNegativeNumber,
  oddInt,
  oneOf,
  positiveInt,
  positiveNumber,
} from '../validate';

test('invalidParameterError names the function, the parameter, what is allowed and the value', () => {
  const e = invalidParameterError('resize', 'options.width', 'a positive integer', -3);
  assert.ok(e instanceof RangeError);
  assert.equal(e.message, 'resize: options.width must be a positive integer, got -3');
  const t = invalidParameterError('readImage', 'source', 'a path or a Buffer', null, TypeError);
  assert.ok(t instanceof TypeError);
  assert.equal(t.message, 'readImage: source must be a path or a Buffer, got null');
  assert.equal(invalidParameterError('f', 'k', 'x', [1, 2]).message, 'f: k must be x, got 1,2');
  assert.equal(invalidParameterError('f', 'k', 'x', undefined).message, 'f: k must be x, got undefined');
});

test('integer checks accept what they promise and return it', () => {
  assert.equal(positiveInt('f', 'n', 1), 1);
  assert.equal(nonNegativeInt('f', 'n', 0), 0);
  assert.equal(oddInt('f', 'n', 7), 7);
  for (const bad of [0, -1, 1.5, NaN, Infinity, '3', null, undefined]) {
    assert.throws(() => positiveInt('f', 'n', bad), { name: 'RangeError', message: `f: n must be a positive integer, got ${String(bad)}` });
  }
  for (const bad of [-1, 0.5, NaN, Infinity, '0']) {
    assert.throws(() => nonNegativeInt('f', 'n', bad), { name: 'RangeError', message: `f: n must be a non-negative integer, got ${String(bad)}` });
  }
  for (const bad of [0, 2, -3, 3.5, NaN]) {
    assert.throws(() => oddInt('f', 'ksize', bad), { name: 'RangeError', message: `f: ksize must be an odd positive integer, got ${String(bad)}` });
  }
});

test('number checks reject NaN and infinities, and take a more precise description', () => {
  assert.equal(finiteNumber('f', 'x', -2.5), -2.5);
  assert.equal(positiveNumber('f', 'x', 1e-9), 1e-9);
  assert.equal(nonNegativeNumber('f', 'x', 0), 0);
  for (const bad of [NaN, Infinity, -Infinity, '1']) assert.throws(() => finiteNumber('f', 'x', bad), RangeError);
  for (const bad of [0, -1, NaN, Infinity]) assert.throws(() => positiveNumber('f', 'x', bad), RangeError);
  for (const bad of [-1e-9, NaN, Infinity]) assert.throws(() => nonNegativeNumber('f', 'x', bad), RangeError);
  assert.throws(() => positiveNumber('blur', 'sigma', -1, 'a positive number of pixels'), {
    message: 'blur: sigma must be a positive number of pixels, got -1',
  });
});

test('inRange: closed and open ends, integers, the interval in the message', () => {
  assert.equal(inRange('f', 'p', 0, 0, 1), 0);
  assert.equal(inRange('f', 'p', 1, 0, 1), 1);
  assert.equal(inRange('f', 'p', Infinity, 0, Infinity), Infinity);
  assert.throws(() => inRange('f', 'p', 0, 0, 1, { minExclusive: true }), { message: 'f: p must be a number in (0, 1], got 0' });
  assert.throws(() => inRange('f', 'p', 1, 0, 1, { maxExclusive: true }), { message: 'f: p must be a number in [0, 1), got 1' });
  assert.throws(() => inRange('f', 'p', 2.5, 0, 4, { integer: true }), { message: 'f: p must be an integer in [0, 4], got 2.5' });
  assert.throws(() => inRange('f', 'p', NaN, -Infinity, Infinity), RangeError);
  assert.throws(() => inRange('f', 'p', 5, 0, 1, { expected: 'a probability' }), { message: 'f: p must be a probability, got 5' });
});

test('oneOf lists the allowed values; booleanValue throws a TypeError', () => {
  assert.equal(oneOf('f', 'mode', 'b', ['a', 'b'] as const), 'b');
  assert.equal(oneOf('f', 'channels', 3, [1, 3] as const), 3);
  assert.throws(() => oneOf('f', 'mode', 'c', ['a', 'b']), { name: 'RangeError', message: "f: mode must be one of 'a', 'b', got c" });
  assert.throws(() => oneOf('f', 'channels', 2, [1, 3]), { message: 'f: channels must be one of 1, 3, got 2' });
  assert.equal(booleanValue('f', 'flag', false), false);
  assert.throws(() => booleanValue('f', 'flag', 1), { name: 'TypeError', message: 'f: flag must be a boolean, got 1' });
});
