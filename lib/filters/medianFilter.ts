import { assertImage, createImage, type Image } from '../image';
import { checkOddSize } from './kernels';

/**
 * Median filter over a `size`×`size` window, each channel independently, with replicated borders —
 * the same result as `cv2.medianBlur(img8, size)` (which always uses BORDER_REPLICATE) on 8-bit
 * images. Removes impulse (salt-and-pepper) noise while keeping edges; the output only contains
 * input values.
 * @param size - odd window side in pixels (1 returns a copy).
 * @throws TypeError / RangeError when the image is malformed or `size` is not an odd positive integer.
 */
export function medianFilter(image: Image, size: number): Image {
  assertImage(image, 'medianFilter: image');
  checkOddSize('medianFilter', 'size', size);
  const { data: src, width: w, height: h, channels: c } = image;
  const out = new Float32Array(src.length);
  if (size === 1) {
    out.set(src);
    return createImage(w, h, c, out);
  }
  const r = (size - 1) >> 1;
  const pw = w + 2 * r;
  const ph = h + 2 * r;
  const plane = new Float32Array(pw * ph);
  const n = size * size;
  const win = new Float32Array(n);
  const mid = (n - 1) >> 1;
  for (let ch = 0; ch < c; ch++) {
    for (let py = 0; py < ph; py++) {
      const sy = Math.min(h - 1, Math.max(0, py - r));
      for (let px = 0; px < pw; px++) {
        const sx = Math.min(w - 1, Math.max(0, px - r));
        plane[py * pw + px] = src[(sy * w + sx) * c + ch];
      }
    }
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        let k = 0;
        for (let j = 0; j < size; j++) {
          const base = (y + j) * pw + x;
          for (let i = 0; i < size; i++) win[k++] = plane[base + i];
        }
        out[(y * w + x) * c + ch] = size === 3 ? median9(win) : select(win, n, mid);
      }
    }
  }
  return createImage(w, h, c, out);
}

/** k-th smallest of a[0..n) by Hoare/Wirth selection; reorders `a`. */
function select(a: Float32Array, n: number, k: number): number {
  let l = 0;
  let m = n - 1;
  while (l < m) {
    const x = a[k];
    let i = l;
    let j = m;
    do {
      while (a[i] < x) i++;
      while (x < a[j]) j--;
      if (i <= j) {
        const t = a[i];
        a[i] = a[j];
        a[j] = t;
        i++;
        j--;
      }
    } while (i <= j);
    if (j < k) l = i;
    if (k < i) m = j;
  }
  return a[k];
}

/** Median of 9 values with the 19-exchange network of Paeth / Devillard ("opt_med9"). */
function median9(p: Float32Array): number {
  let p0 = p[0], p1 = p[1], p2 = p[2], p3 = p[3], p4 = p[4], p5 = p[5], p6 = p[6], p7 = p[7], p8 = p[8];
  let t: number;
  if (p1 > p2) { t = p1; p1 = p2; p2 = t; }
  if (p4 > p5) { t = p4; p4 = p5; p5 = t; }
  if (p7 > p8) { t = p7; p7 = p8; p8 = t; }
  if (p0 > p1) { t = p0; p0 = p1; p1 = t; }
  if (p3 > p4) { t = p3; p3 = p4; p4 = t; }
  if (p6 > p7) { t = p6; p6 = p7; p7 = t; }
  if (p1 > p2) { t = p1; p1 = p2; p2 = t; }
  if (p4 > p5) { t = p4; p4 = p5; p5 = t; }
  if (p7 > p8) { t = p7; p7 = p8; p8 = t; }
  if (p0 > p3) p3 = p0;
  if (p5 > p8) p5 = p8;
  if (p4 > p7) { t = p4; p4 = p7; p7 = t; }
  if (p3 > p6) { p6 = p3; }
  if (p1 > p4) { p4 = p1; }
  if (p2 > p5) { t = p2; p2 = p5; p5 = t; }
  if (p4 > p7) { p4 = p7; }
  if (p4 > p2) { t = p4; p4 = p2; p2 = t; }
  if (p6 > p4) { p4 = p6; }
  if (p4 > p2) { p4 = p2; }
  return p4;
}
