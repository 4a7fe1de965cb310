import { assertImage, type Image } from '../../image';
import { fromPlanes, shiftRows, toPlanes } from './chromaInternal';

/**
 * Moves the colour of a frame `delayPx` px to the left (linear interpolation along each line, the
 * edge chroma repeated), undoing a chroma lag of `delayPx` as estimated by {@link estimateChromaDelay}.
 * Luma Y′ is kept exactly; RGB ↔ Y′UV with the PAL matrix. A grey image is returned as a copy.
 * @throws TypeError / RangeError for a malformed image or a non-finite delay.
 */
export function correctChromaDelay(image: Image, delayPx: number): Image {
  const fn = 'correctChromaDelay';
  assertImage(image, `${fn}: image`);
  if (typeof delayPx !== 'number' || !Number.isFinite(delayPx) || Math.abs(delayPx) > 1000) throw new RangeError(`${fn}: delayPx must be a finite number of px with |delayPx| ≤ 1000, got ${String(delayPx)}`);
  if (image.channels === 1 || delayPx === 0) return { ...image, data: image.data.slice() };
  const p = toPlanes(image);
  return fromPlanes({ ...p, u: shiftRows(p.u, p.width, p.height, -delayPx), v: shiftRows(p.v, p.width, p.height, -delayPx) });
}
