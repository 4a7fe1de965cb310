import fs from 'node:fs';
import path from 'node:path';
import { compareCodeUnits } from './buildManifest';

/** A split of the standard Flickr8k partition (Hodosh, Young & Hockenmaier 2013): 6000 / 1000 / 1000 images. */
export type Flickr8kSplit = 'train' | 'dev' | 'test';

/** One image of Flickr8k with its captions. */
export interface Flickr8kItem {
  /** Absolute path of the image, `<dir>/images/<id>`. */
  image: string;
  /** File name of the image, e.g. `1000268201_693b08cb0e.jpg` (the id used by every Flickr8k text file). */
  id: string;
  /** The split file that lists the image; `null` for the images of the corpus that are in no split. */
  split: Flickr8kSplit | null;
  /** Captions as written in `Flickr8k.token.txt` (raw: mixed case, spaces before punctuation), ordered by their `#k` index. */
  captions: string[];
}

/** A caption id or split entry left out of the result because `images/<id>` does not exist. */
export interface Flickr8kSkippedId {
  /** The id as written in the text file, e.g. `2258277193_586949ec62.jpg.1`. */
  id: string;
  /** The split file that lists it, or `null`. */
  split: Flickr8kSplit | null;
  /** Captions of that id in `Flickr8k.token.txt` (0 when only a split file names it). */
  captionCount: number;
}

/** Options of {@link readFlickr8kCaptions}. */
export interface ReadFlickr8kCaptionsOptions {
  /**
   * Which images to return: one split, or `'all'` = train, dev, test, then the images in no split.
   * @default 'all'
   */
  split?: Flickr8kSplit | 'all';
  /**
   * Called once, before the promise resolves, with the ids of the selection that were skipped because
   * their image file is missing (sorted by id; empty when none). On the real corpus with `split: 'all'`
   * these are `2258277193_586949ec62.jpg` and `2258277193_586949ec62.jpg.1` (1 + 4 captions, no image).
   * @default undefined
   */
  onSkipped?: (skipped: readonly Flickr8kSkippedId[]) => void;
}

const SPLITS: readonly Flickr8kSplit[] = ['train', 'dev', 'test'];
const SPLIT_FILES: Readonly<Record<Flickr8kSplit, string>> = {
  train: 'Flickr_8k.trainImages.txt',
  dev: 'Flickr_8k.devImages.txt',
  test: 'Flickr_8k.testImages.txt',
};
const TOKEN_FILE = 'Flickr8k.token.txt';
const FN = 'readFlickr8kCaptions';

/**
 * Reads the Flickr8k captions and the standard split (Hodosh, Young & Hockenmaier, "Framing Image
 * Description as a Ranking Task", JAIR 47, 2013) from a folder laid out like the `flickr8k` dataset
 * of the registry: `images/<id>` and `text/Flickr8k.token.txt` (`<id>#<k><TAB><caption>`) with
 * `text/Flickr_8k.{train,dev,test}Images.txt` (one id per line).
 *
 * Ids whose image file is missing are skipped and reported through `onSkipped` (the corpus has one
 * such id, written both `2258277193_586949ec62.jpg.1` and `2258277193_586949ec62.jpg`). Items come in
 * split order (train, dev, test, then no split) and, within a split, sorted by file name (code-unit
 * order), not in the order of the split file, so the result does not depend on how a copy was made.
 * @param dir - the dataset folder (e.g. `resolveDataset('flickr8k')`'s `dir`).
 * @returns one item per image of the selection that has an image file.
 * @throws TypeError for a non-string or empty `dir` or a non-function `onSkipped`; RangeError for an
 *   unknown `split`; Error naming the file for a missing text file or `images/` folder, and naming
 *   file and line for a malformed line, a duplicated caption or split entry, an image in two splits,
 *   or a split entry without captions.
 */
export async function readFlickr8kCaptions(dir: string, options: ReadFlickr8kCaptionsOptions = {}): Promise<Flickr8kItem[]> {
  if (typeof dir !== 'string' || dir === '') {
    throw new TypeError(`${FN}: dir must be a non-empty folder path, got ${dir === '' ? 'an empty string' : typeof dir}`);
  }
  const { split = 'all', onSkipped } = options;
  if (split !== 'all' && !SPLITS.includes(split)) {
    throw new RangeError(`${FN}: options.split must be one of 'train', 'dev', 'test', 'all', got ${JSON.stringify(split)}`);
  }
  if (onSkipped !== undefined && typeof onSkipped !== 'function') {
    throw new TypeError(`${FN}: options.onSkipped must be a function, got ${typeof onSkipped}`);
  }
  const root = path.resolve(dir);
  const textDir = path.join(root, 'text');
  const imageDir = path.join(root, 'images');

  const captions = parseTokenFile(path.join(textDir, TOKEN_FILE), await readText(path.join(textDir, TOKEN_FILE)));
  const splitOf = new Map<string, Flickr8kSplit>();
  for (const s of SPLITS) {
    const file = path.join(textDir, SPLIT_FILES[s]);
    const lines = (await readText(file)).split('\n');
    for (let i = 0; i < lines.length; i++) {
      const id = (lines[i] as string).replace(/\r$/, '').trim();
      if (id === '') continue;
      const where = `${file}:${i + 1}`;
      if (/[\t#/\\]/.test(id)) throw new Error(`${FN}: ${where}: expected one image file name per line, got ${JSON.stringify(id)}`);
      const previous = splitOf.get(id);
      if (previous !== undefined) {
        throw new Error(`${FN}: ${where}: ${id} is listed ${previous === s ? 'twice' : `in both ${SPLIT_FILES[previous]} and ${SPLIT_FILES[s]}`}`);
      }
      if (!captions.has(id)) throw new Error(`${FN}: ${where}: ${id} has no caption in ${path.join(textDir, TOKEN_FILE)}`);
      splitOf.set(id, s);
    }
  }

  const images = await listImageNames(imageDir);
  const wanted = (id: string): boolean => split === 'all' || splitOf.get(id) === split;
  const groups = new Map<Flickr8kSplit | null, Flickr8kItem[]>([...SPLITS, null].map((s) => [s, []]));
  const skipped: Flickr8kSkippedId[] = [];
  for (const [id, byIndex] of captions) {
    if (!wanted(id)) continue;
    const s = splitOf.get(id) ?? null;
    const ordered = [...byIndex.entries()].sort((a, b) => a[0] - b[0]).map(([, text]) => text);
    if (!images.has(id)) skipped.push({ id, split: s, captionCount: ordered.length });
    else (groups.get(s) as Flickr8kItem[]).push({ image: path.join(imageDir, id), id, split: s, captions: ordered });
  }
  onSkipped?.(skipped.sort((a, b) => compareCodeUnits(a.id, b.id)));
  const order: Array<Flickr8kSplit | null> = split === 'all' ? [...SPLITS, null] : [split];
  return order.flatMap((s) => (groups.get(s) as Flickr8kItem[]).sort((a, b) => compareCodeUnits(a.id, b.id)));
}

/** Captions by id, then by `#k` index, in file order of first appearance. */
function parseTokenFile(file: string, text: string): Map<string, Map<number, string>> {
  const captions = new Map<string, Map<number, string>>();
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] as string).replace(/\r$/, '');
    if (line.trim() === '') continue;
    const where = `${file}:${i + 1}`;
    const tab = line.indexOf('\t');
    // Captions may contain '#' ("Sooners # 28"), so the index is after the last '#' of the key.
    const key = tab < 0 ? line : line.slice(0, tab);
    const hash = key.lastIndexOf('#');
    const id = hash < 0 ? '' : key.slice(0, hash);
    const k = hash < 0 ? '' : key.slice(hash + 1);
    const caption = tab < 0 ? '' : line.slice(tab + 1);
    if (tab < 0 || id === '' || !/^\d{1,3}$/.test(k) || caption.trim() === '') {
      throw new Error(`${FN}: ${where}: expected "<image file>#<caption index><TAB><caption>", got ${JSON.stringify(line.length > 120 ? `${line.slice(0, 120)}…` : line)}`);
    }
    let byIndex = captions.get(id);
    if (byIndex === undefined) captions.set(id, (byIndex = new Map()));
    if (byIndex.has(Number(k))) throw new Error(`${FN}: ${where}: duplicate caption ${id}#${k}`);
    byIndex.set(Number(k), caption);
  }
  return captions;
}

async function readText(file: string): Promise<string> {
  try {
    return await fs.promises.readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const problem = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : `${code ?? 'error'}: ${(err as Error).message}`;
    throw new Error(`${FN}: cannot read ${file}: ${problem} (a Flickr8k folder holds text/${TOKEN_FILE}, text/${SPLIT_FILES.train}, text/${SPLIT_FILES.dev}, text/${SPLIT_FILES.test} and images/)`, { cause: err });
  }
}

async function listImageNames(imageDir: string): Promise<Set<string>> {
  try {
    const entries = await fs.promises.readdir(imageDir, { withFileTypes: true });
    return new Set(entries.filter((e) => e.isFile() || e.isSymbolicLink()).map((e) => e.name));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new Error(`${FN}: cannot list the images folder ${imageDir}: ${code === 'ENOENT' ? 'no such folder' : `${code ?? 'error'}: ${(err as Error).message}`}`, { cause: err });
  }
}
