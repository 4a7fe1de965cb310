import type { Kernel2d } from '../filters';

/** Sub-samples per pixel side used to measure the area of a PSF shape inside each pixel. */
const SUPERSAMPLE = 16;

/**
 * Rasterises a centred shape into a normalised kernel: each tap is the fraction of its pixel square
 * covered by the shape (16 × 16 sub-samples), then the taps are scaled to sum to 1. `halfSize`
 * bounds the shape; empty outer rows/columns are trimmed symmetrically. An empty shape gives the
 * 1 × 1 identity kernel.
 */
function rasterise(halfSize: number, inside: (x: number, y: number) => boolean): Kernel2d {
  const n = 2 * halfSize + 1;
  const area = new Float64Array(n * n);
  let total = 0;
  for (let row = 0; row < n; row++) {
    for (let col = 0; col < n; col++) {
      let hits = 0;
      for (let sy = 0; sy < SUPERSAMPLE; sy++) {
        const y = row - halfSize + (sy + 0.5) / SUPERSAMPLE - 0.5;
        for (let sx = 0; sx < SUPERSAMPLE; sx++) {
          if (inside(col - halfSize + (sx + 0.5) / SUPERSAMPLE - 0.5, y)) hits++;
        }
      }
      area[row * n + col] = hits;
      total += hits;
    }
  }
  if (total === 0) return { width: 1, height: 1, data: new Float64Array([1]) };
  // Trim empty border rows / columns (the shapes are point-symmetric, so the kernel stays centred).
  let rMin = n;
  let rMax = -1;
  let cMin = n;
  let cMax = -1;
  for (let row = 0; row < n; row++) {
    for (let col = 0; col < n; col++) {
      if (area[row * n + col] === 0) continue;
      rMin = Math.min(rMin, row);
      rMax = Math.max(rMax, row);
      cMin = Math.min(cMin, col);
      cMax = Math.max(cMax, col);
    }
  }
  const ry = Math.max(halfSize - rMin, rMax - halfSize);
  const rx = Math.max(halfSize - cMin, cMax - halfSize);
  const width = 2 * rx + 1;
  const height = 2 * ry + 1;
  const data = new Float64Array(width * height);
  for (let j = 0; j < height; j++) {
    for (let i = 0; i < width; i++) data[j * width + i] = area[(j - ry + halfSize) * n + (i - rx + halfSize)] / total;
  }
  return { width, height, data };
}

/**
 * Point-spread function of linear camera/subject motion: a segment `length` pixels long and one
 * pixel wide through the centre, at `angleDeg` degrees counter-clockwise from the +x axis as seen
 * on screen (0 = horizontal, 90 = vertical, 45 = from bottom-left to top-right, i.e. towards
 * smaller row indices). Each tap is the area of the segment's 1-pixel-wide box inside that pixel
 * (anti-aliased), normalised to sum 1. Horizontal, integer `length` gives exactly `length` taps of 1/length.
 * @param length - extent along the motion, in pixels, ≥ 1. Length 1 at 0° or 90° is the identity; at
 * other angles the one-pixel-wide footprint also smooths slightly across the streak.
 * @throws RangeError when `length` < 1 or `angleDeg` is not finite.
 */
export function motionBlurKernel(length: number, angleDeg: number): Kernel2d {
  if (typeof length !== 'number' || !Number.isFinite(length) || length < 1) {
    throw new RangeError(`motionBlurKernel: length must be a number of pixels ≥ 1, got ${String(length)}`);
  }
  if (typeof angleDeg !== 'number' || !Number.isFinite(angleDeg)) {
    throw new RangeError(`motionBlurKernel: angleDeg must be a finite number of degrees, got ${String(angleDeg)}`);
  }
  const t = (angleDeg * Math.PI) / 180;
  // Direction in (column, row) coordinates; rows grow downwards, hence −sin.
  const dx = Math.cos(t);
  const dy = -Math.sin(t);
  const half = length / 2;
  return rasterise(Math.ceil(Math.hypot(half, 0.5)), (x, y) => Math.abs(x * dx + y * dy) <= half && Math.abs(y * dx - x * dy) <= 0.5);
}

/**
 * Point-spread function of an out-of-focus lens (geometric optics): a uniform disc of `radius`
 * pixels, each tap the area of the disc inside that pixel (anti-aliased), normalised to sum 1.
 * Radius 0 gives the identity.
 * @param radius - disc radius in pixels, ≥ 0.
 * @throws RangeError when `radius` is negative or not finite.
 */
export function defocusBlurKernel(radius: number): Kernel2d {
  if (typeof radius !== 'number' || !Number.isFinite(radius) || radius < 0) {
    throw new RangeError(`defocusBlurKernel: radius must be a non-negative number of pixels, got ${String(radius)}`);
  }
  const r2 = radius * radius;
  return rasterise(Math.ceil(radius), (x, y) => x * x + y * y <= r2);
}
