#!/usr/bin/python3
"""Golden values for lib/io/float16 (encodeFloat16 / decodeFloat16) from numpy's float16 casts.

Run with Debian's Python and its python3-numpy package:

    /usr/bin/python3 scripts/golden/make_float16.py

Writes lib/io/__tests__/fixtures/float16-numpy.json:
- `encode`: float32 inputs given by their bit patterns (so no decimal round trip can move them) and the
  binary16 bit patterns of `np.float32(x).astype(np.float16)` (round to nearest, ties to even). The inputs
  are hand-picked edge cases (exact ties between two halves at several exponents, either side of each
  tie, the subnormal range and its underflow to ±0, the largest half and the overflow threshold 65520,
  ±0, ±Infinity, NaN, float32 subnormals) followed by seeded random values over every exponent.
  For NaN inputs only the class matters (numpy keeps the payload's top bits, the library a quiet NaN).
- `decode`: half bit patterns (every exponent, the subnormal edges, specials, seeded random ones) and the
  float32 bit patterns of `np.uint16(h).view(np.float16).astype(np.float32)`.
"""
import json
import os

import numpy as np

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
OUT = os.path.join(ROOT, 'lib', 'io', '__tests__', 'fixtures', 'float16-numpy.json')


def f32_bits(x):
    return int(np.array([x], dtype=np.float32).view(np.uint32)[0])


def below(x):
    """The float32 just below x (toward -inf)."""
    return np.nextafter(np.float32(x), np.float32(-np.inf), dtype=np.float32)


def above(x):
    return np.nextafter(np.float32(x), np.float32(np.inf), dtype=np.float32)


def edge_inputs():
    vals = []
    # Ties between adjacent halves in the normal range: 1 + k·2^-11 for odd k sits halfway between
    # 1 + (k-1)·2^-11 and 1 + (k+1)·2^-11, one of which has an even mantissa.
    for e in (-14, -13, -1, 0, 1, 5, 10, 15):
        for k in (1, 3, 5, 7, 2045, 2047):
            t = np.float32((1 + k * 2.0 ** -11) * 2.0 ** e)
            vals += [t, below(t), above(t), -t]
    # Subnormal halves are multiples of 2^-24; ties at odd multiples of 2^-25.
    for k in (1, 3, 5, 7, 1021, 1023, 2045, 2047):
        t = np.float32(k * 2.0 ** -25)
        vals += [t, below(t), above(t), -t]
    for k in (1, 2, 3, 511, 512, 1023):
        vals += [np.float32(k * 2.0 ** -24), np.float32(-k * 2.0 ** -24)]
    # Underflow: below half the smallest subnormal goes to ±0.
    vals += [np.float32(2.0 ** -26), np.float32(1.9 * 2.0 ** -26), np.float32(-2.0 ** -26), np.float32(2.0 ** -30),
             np.float32(1e-10), np.float32(-1e-10)]
    # The smallest normal and its neighbours.
    vals += [np.float32(2.0 ** -14), below(2.0 ** -14), above(2.0 ** -14), np.float32(2.0 ** -14 - 2.0 ** -25)]
    # Largest half 65504, the overflow threshold 65520 (a tie that rounds to even = Infinity).
    vals += [np.float32(65504), np.float32(65519), below(65520), np.float32(65520), above(65520), np.float32(70000),
             np.float32(1e38), np.float32(3.4028235e38), np.float32(-65504), np.float32(-65520), np.float32(-1e38)]
    # Exact halves, integers, signed zeros, infinities, float32 subnormals.
    vals += [np.float32(v) for v in (0.0, -0.0, 1.0, -1.0, 0.5, 2.0, 3.0, 1024.0, 2048.0, 2049.0, 2051.0, 4097.0,
                                     0.1, -0.1, 1 / 3, np.pi, -np.e, 6.1e-5, 1e-4, 1e4)]
    vals += [np.float32(np.inf), np.float32(-np.inf), np.float32(1e-45), np.float32(-1e-45), np.float32(1e-40)]
    return vals


def main():
    rng = np.random.default_rng(20240607)
    vals = edge_inputs()
    # Random float32 values spread over every half exponent and beyond (2^-28 … 2^17).
    exps = rng.uniform(-28, 17, 240)
    signs = rng.choice([-1.0, 1.0], 240)
    vals += list((signs * 2.0 ** exps).astype(np.float32))
    x = np.array(vals, dtype=np.float32)
    bits = x.view(np.uint32)
    nan_bits = [0x7FC00000, 0xFFC00000, 0x7F800001, 0x7FA00000]
    x_all = np.concatenate([x, np.array(nan_bits, dtype=np.uint32).view(np.float32)])
    bits_all = [int(b) for b in bits] + nan_bits
    with np.errstate(over='ignore'):  # the overflow to Infinity is the point of those cases
        halves = x_all.astype(np.float16).view(np.uint16)
    encode = {'f32': bits_all, 'f16': [int(h) for h in halves]}

    hs = set()
    for e in range(32):
        for m in (0, 1, 2, 511, 512, 513, 1022, 1023):
            for s in (0, 0x8000):
                hs.add(s | (e << 10) | m)
    hs.update(int(h) for h in rng.integers(0, 65536, 200))
    hs = sorted(hs)
    dec = np.array(hs, dtype=np.uint16).view(np.float16).astype(np.float32).view(np.uint32)
    decode = {'f16': hs, 'f32': [int(b) for b in dec]}

    fixture = {
        'reference': f'numpy {np.__version__}: np.float32(x).astype(np.float16) and back',
        'generator': 'scripts/golden/make_float16.py',
        'encode': encode,
        'decode': decode,
    }
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, 'w') as f:
        json.dump(fixture, f, separators=(',', ':'))
        f.write('\n')
    print(f'wrote {OUT}: {len(bits_all)} encode cases, {len(hs)} decode cases')


if __name__ == '__main__':
    main()
