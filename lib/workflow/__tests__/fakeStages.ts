/**
 * Test stages: a deterministic stand-in captioner (the real one is the captioning task's model), so
 * that pipeline tests exercise the caption stage without it. Also the `--stages` module of the
 * worker tests: `loadStages()` is what `tounum worker --stages` loads in each worker process.
 */
import type { Image } from '../../image';
import type { LoadPipelineStagesOptions, PipelineCaptioner } from '../PipelineStages';

const COLOURS = ['red', 'orange', 'yellow', 'green', 'blue', 'purple'];

/** A caption from the image's mean brightness and dominant hue: same pixels, same caption. */
export function fakeCaption(image: Image, beam: number): { caption: string; words: string[]; logProb: number } {
  const n = image.width * image.height;
  const sum = [0, 0, 0];
  for (let i = 0; i < n; i++) for (let c = 0; c < 3; c++) sum[c] = (sum[c] as number) + (image.data[i * image.channels + Math.min(c, image.channels - 1)] as number);
  const [r, g, b] = sum.map((s) => s / n) as [number, number, number];
  const light = (r + g + b) / 3 > 0.45 ? 'bright' : 'dark';
  const hue = r >= g && r >= b ? (g > b ? 1 : 0) : g >= b ? 3 : 4;
  const words = ['a', light, 'photo', 'in', COLOURS[hue] as string, 'tones'];
  return { caption: words.join(' '), words, logProb: -Number((words.length * (1 + r + g + b) + beam / 10).toFixed(4)) };
}

/** The fake captioner; `TOUNUM_TEST_CAPTION_DELAY_MS` makes each caption take that long (to kill a worker mid-job). */
export const fakeCaptioner: PipelineCaptioner = {
  async caption(image, options = {}) {
    const delay = Number(process.env['TOUNUM_TEST_CAPTION_DELAY_MS'] ?? 0);
    if (delay > 0) await new Promise((r) => setTimeout(r, delay));
    return fakeCaption(image, options.beam ?? 5);
  },
};

/** What `tounum worker --stages <this file>` injects: the fake captioner (classifier and enhancer are the real ones). */
export async function loadStages(): Promise<LoadPipelineStagesOptions> {
  return { captioner: fakeCaptioner };
}
