import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { getDataLocations, readFlickr8kCaptions, type Flickr8kSkippedId } from '..';
import { findPackageRoot } from '../findPackageRoot';
import { makeTempDir } from './helpers';

const MINI = path.join(findPackageRoot(), 'lib', 'datasets', '__tests__', 'fixtures', 'flickr8k-mini');

/** A writable copy of the mini fixture with `text/<name>` replaced by `content` (or deleted when `null`). */
function miniWith(name: string, content: string | null): string {
  const dir = makeTempDir('flickr8k');
  fs.cpSync(MINI, dir, { recursive: true });
  const file = path.join(dir, 'text', name);
  if (content === null) fs.rmSync(file);
  else fs.writeFileSync(file, content);
  return dir;
}

test('readFlickr8kCaptions: split order, sorted ids, captions by index, absolute image paths', async () => {
  let skipped: readonly Flickr8kSkippedId[] = [];
  const all = await readFlickr8kCaptions(MINI, { onSkipped: (s) => (skipped = s) });
  assert.deepEqual(all.map((it) => [it.id, it.split]), [
    ['a_1.jpg', 'train'],
    ['b_2.jpg', 'train'],
    ['e_5.jpg', 'dev'],
    ['c_3.jpg', 'test'],
    ['d_4.jpg', null],
  ]);
  const b = all[1];
  assert.equal(b?.image, path.join(MINI, 'images', 'b_2.jpg'));
  assert.ok(path.isAbsolute(b?.image ?? ''));
  assert.deepEqual(b?.captions, ['A brown dog and a white dog play .', 'The dogs , running .', 'Two dogs run on the grass .']);
  assert.deepEqual(all[3]?.captions, ['The # 2 greyhound dog is running around a track .']);
  assert.deepEqual(all[2]?.captions, ['Two women sit on a bench .', 'A']);
  // The x_9.jpg(.1) quirk of the real corpus and a test entry without an image are skipped and reported.
  assert.deepEqual(skipped, [
    { id: 'f_6.jpg', split: 'test', captionCount: 1 },
    { id: 'x_9.jpg', split: null, captionCount: 1 },
    { id: 'x_9.jpg.1', split: null, captionCount: 1 },
  ]);
});

test('readFlickr8kCaptions: one split at a time, skipped ids of that split only', async () => {
  const train = await readFlickr8kCaptions(MINI, { split: 'train' });
  assert.deepEqual(train.map((it) => it.id), ['a_1.jpg', 'b_2.jpg']);
  let skipped: readonly Flickr8kSkippedId[] | undefined;
  const test_ = await readFlickr8kCaptions(MINI, { split: 'test', onSkipped: (s) => (skipped = s) });
  assert.deepEqual(test_.map((it) => it.id), ['c_3.jpg']);
  assert.deepEqual(skipped, [{ id: 'f_6.jpg', split: 'test', captionCount: 1 }]);
  const dev = await readFlickr8kCaptions(MINI, { split: 'dev', onSkipped: (s) => (skipped = s) });
  assert.deepEqual([dev.length, skipped], [1, []]);
});

test('readFlickr8kCaptions: CRLF line endings and blank lines are accepted', async () => {
  const text = fs.readFileSync(path.join(MINI, 'text', 'Flickr8k.token.txt'), 'utf8');
  const dir = miniWith('Flickr8k.token.txt', `\n${text.replace(/\n/g, '\r\n')}\r\n`);
  const items = await readFlickr8kCaptions(dir);
  assert.deepEqual(items.map((it) => it.captions.length), [2, 3, 2, 1, 1]);
  assert.equal(items[1]?.captions[0], 'A brown dog and a white dog play .');
  fs.rmSync(dir, { recursive: true, force: true });
});

test('readFlickr8kCaptions: parameter errors name the parameter and the value', async () => {
  await assert.rejects(readFlickr8kCaptions(''), { name: 'TypeError', message: 'readFlickr8kCaptions: dir must be a non-empty folder path, got an empty string' });
  await assert.rejects(readFlickr8kCaptions(3 as unknown as string), { name: 'TypeError', message: /dir must be a non-empty folder path, got number/ });
  await assert.rejects(readFlickr8kCaptions(MINI, { split: 'val' as 'dev' }), {
    name: 'RangeError',
    message: `readFlickr8kCaptions: options.split must be one of 'train', 'dev', 'test', 'all', got "val"`,
  });
  await assert.rejects(readFlickr8kCaptions(MINI, { onSkipped: 1 as unknown as () => void }), { name: 'TypeError', message: /options\.onSkipped must be a function, got number/ });
});

test('readFlickr8kCaptions: missing files and malformed lines are errors naming the file and line', async () => {
  const cases: Array<[string, string | null, RegExp]> = [
    ['Flickr8k.token.txt', null, /cannot read .*text[/\\]Flickr8k\.token\.txt: no such file \(a Flickr8k folder holds text\/Flickr8k\.token\.txt/],
    ['Flickr_8k.devImages.txt', null, /cannot read .*text[/\\]Flickr_8k\.devImages\.txt: no such file/],
    ['Flickr8k.token.txt', 'a_1.jpg#0\tok .\na_1.jpg#1 no tab here\n', /Flickr8k\.token\.txt:2: expected "<image file>#<caption index><TAB><caption>", got "a_1\.jpg#1 no tab here"/],
    ['Flickr8k.token.txt', 'a_1.jpg\tno index .\n', /Flickr8k\.token\.txt:1: expected/],
    ['Flickr8k.token.txt', 'a_1.jpg#x\tbad index .\n', /Flickr8k\.token\.txt:1: expected/],
    ['Flickr8k.token.txt', 'a_1.jpg#0\t  \n', /Flickr8k\.token\.txt:1: expected/],
    ['Flickr8k.token.txt', 'a_1.jpg#0\tone .\nb_2.jpg#0\tx .\na_1.jpg#0\tagain .\n', /Flickr8k\.token\.txt:3: duplicate caption a_1\.jpg#0/],
    ['Flickr_8k.trainImages.txt', 'b_2.jpg\nb_2.jpg\n', /Flickr_8k\.trainImages\.txt:2: b_2\.jpg is listed twice/],
    ['Flickr_8k.trainImages.txt', 'e_5.jpg\n', /Flickr_8k\.devImages\.txt:1: e_5\.jpg is listed in both Flickr_8k\.trainImages\.txt and Flickr_8k\.devImages\.txt/],
    ['Flickr_8k.trainImages.txt', 'a_1.jpg\nz_0.jpg\n', /Flickr_8k\.trainImages\.txt:2: z_0\.jpg has no caption in .*Flickr8k\.token\.txt/],
    ['Flickr_8k.trainImages.txt', 'a_1.jpg#0\n', /Flickr_8k\.trainImages\.txt:1: expected one image file name per line, got "a_1\.jpg#0"/],
  ];
  for (const [name, content, message] of cases) {
    const dir = miniWith(name, content);
    await assert.rejects(readFlickr8kCaptions(dir), (err: unknown) => err instanceof Error && message.test(err.message), `${name}: ${String(content)}`);
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const noImages = makeTempDir('flickr8k');
  fs.cpSync(path.join(MINI, 'text'), path.join(noImages, 'text'), { recursive: true });
  await assert.rejects(readFlickr8kCaptions(noImages), /cannot list the images folder .*images: no such folder/);
  fs.rmSync(noImages, { recursive: true, force: true });
});

test('readFlickr8kCaptions on the mirror: the official 6000 / 1000 / 1000 split, 5 captions each', async () => {
  // CI keeps the datasets mirror beside the clone (../shared/datasets) or names it in TOUNUM_DATA_MIRROR.
  const dir = getDataLocations('flickr8k').mirrorDir;
  let skipped: readonly Flickr8kSkippedId[] = [];
  const all = await readFlickr8kCaptions(dir, { onSkipped: (s) => (skipped = s) });
  const count = (s: string | null): number => all.filter((it) => it.split === s).length;
  assert.deepEqual([count('train'), count('dev'), count('test'), count(null), all.length], [6000, 1000, 1000, 91, 8091]);
  assert.ok(all.every((it) => it.captions.length === 5));
  assert.deepEqual(skipped, [
    { id: '2258277193_586949ec62.jpg', split: null, captionCount: 4 },
    { id: '2258277193_586949ec62.jpg.1', split: null, captionCount: 1 },
  ]);
  assert.equal(new Set(all.map((it) => it.id)).size, 8091);
  const first = all[0];
  assert.equal(first?.split, 'train');
  assert.ok(fs.existsSync(first?.image ?? ''));
  const train = await readFlickr8kCaptions(dir, { split: 'train' });
  assert.deepEqual(train, all.slice(0, 6000));
  const child = all.find((it) => it.id === '1000268201_693b08cb0e.jpg');
  assert.equal(child?.captions[0], 'A child in a pink dress is climbing up a set of stairs in an entry way .');
  assert.equal(all.find((it) => it.id === '2428275562_4bde2bc5ea.jpg')?.captions[0], 'A');
});
