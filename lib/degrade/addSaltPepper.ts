import { assertImage, createImage, type Image } from '../image';
import { resolveRng, type RandomOptions } from '../random';

/** Options of {@link addSaltPepper}. */
export interface SaltPepperOptions extends RandomOptions {
  /** Fraction of the corrupted pixels that become white (salt); the rest become black. @default 0.5 */
  saltVsPepper?: number;
  /**
   * Corrupt each channel sample independently (coloured specks, as skimage `random_noise('s&p')`)
   * instead of whole pixels (black / white specks, like dust or dead pixels).
   * @default false
   */
  perChannel?: boolean;
}

/**
 * Impulse noise: each pixel (or sample, with `perChannel`) is independently replaced, with
 * probability `amount`, by 1 (salt, probability `saltVsPepper`) or 0 (pepper).
 * @param amount - expected fraction of corrupted pixels, in [0, 1].
 * @throws TypeError / RangeError when the image is malformed or a parameter is out of range.
 */
export function addSaltPepper(image: Image, amount: number, options: SaltPepperOptions = {}): Image {
  assertImage(image, 'addSaltPepper: image');
  if (typeof amount !== 'number' || !(amount >= 0 && amount <= 1)) {
    throw new RangeError(`addSaltPepper: amount must be a fraction in [0, 1], got ${String(amount)}`);
  }
  const { saltVsPepper = 0.5, perChannel = false } = options;
  if (typeof saltVsPepper !== 'number' || !(saltVsPepper >= 0 && saltVsPepper <= 1)) {
    throw new RangeError(`addSaltPepper: options.saltVsPepper must be a fraction in [0, 1], got ${String(saltVsPepper)}`);
  }
  if (typeof perChannel !== 'boolean') throw new TypeError(`addSaltPepper: options.perChannel must be a boolean, got ${String(perChannel)}`);
  const rng = resolveRng('addSaltPepper', options);
  const out = image.data.slice();
  const step = perChannel ? 1 : image.channels;
  for (let i = 0; i < out.length; i += step) {
    if (rng.next() >= amount) continue;
    const v = rng.next() < saltVsPepper ? 1 : 0;
    for (let c = 0; c < step; c++) out[i + c] = v;
  }
  return createImage(image.width, image.height, image.channels, out);
}
