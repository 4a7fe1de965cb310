/**
 * How a filter reads pixels outside the image (`|` marks the image edge, abcdefgh the row):
 * - `'reflect101'`: `gfedcb|abcdefgh|gfedcba` — OpenCV `BORDER_REFLECT_101` = `BORDER_DEFAULT`,
 *   scipy.ndimage `'mirror'`.
 * - `'reflect'`: `fedcba|abcdefgh|hgfedcb` — OpenCV `BORDER_REFLECT`, scipy.ndimage `'reflect'`.
 * - `'replicate'`: `aaaaaa|abcdefgh|hhhhhhh` — OpenCV `BORDER_REPLICATE`, scipy.ndimage `'nearest'`.
 * - `'constant'`: `vvvvvv|abcdefgh|vvvvvvv` with a given value — OpenCV `BORDER_CONSTANT`.
 * - `'wrap'`: `cdefgh|abcdefgh|abcdefg` — OpenCV `BORDER_WRAP`, scipy.ndimage `'grid-wrap'`.
 */
export type BorderMode = 'reflect101' | 'reflect' | 'replicate' | 'constant' | 'wrap';
import { finiteNumber, oneOf } from '../validate';

/** The border modes, in documentation order. */
export const BORDER_MODES: readonly BorderMode[] = Object.freeze(['reflect101', 'reflect', 'replicate', 'constant', 'wrap']);

/** Border options shared by the neighbourhood filters. */
export interface BorderOptions {
  /** How pixels outside the image are read. @default 'reflect101' (OpenCV's BORDER_DEFAULT) */
  border?: BorderMode;
  /** The outside value for `border: 'constant'`, in image units. @default 0 */
  borderValue?: number;
}

/**
 * Maps a coordinate `i` (possibly outside [0, n)) of an axis of length `n` to the pixel it reads
 * under `mode`, reflecting or wrapping as many times as needed (like OpenCV's `borderInterpolate`).
 * @returns the source index in [0, n), or −1 for a `'constant'` border pixel.
 */
export function borderIndex(i: number, n: number, mode: BorderMode): number {
  if (i >= 0 && i < n) return i;
  switch (mode) {
    case 'replicate':
      return i < 0 ? 0 : n - 1;
    case 'constant':
      return -1;
    case 'wrap': {
      return ((i % n) + n) % n;
    }
    case 'reflect': {
      const p = 2 * n;
      const k = ((i % p) + p) % p;
      return k < n ? k : p - 1 - k;
    }
    case 'reflect101': {
      if (n === 1) return 0;
      const p = 2 * n - 2;
      const k = ((i % p) + p) % p;
      return k < n ? k : p - k;
    }
  }
}

/** Validates the border options of `fn`; returns them with defaults applied. */
export function resolveBorder(fn: string, options: BorderOptions, defaultMode: BorderMode = 'reflect101'): { border: BorderMode; borderValue: number } {
  const { border = defaultMode, borderValue = 0 } = options;
  oneOf(fn, 'options.border', border, BORDER_MODES);
  finiteNumber(fn, 'options.borderValue', borderValue);
  return { border, borderValue };
}
