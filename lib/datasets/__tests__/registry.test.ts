import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { DATASET_IDS, checkDatasetDir, getDataset, getDownloadUrl, listDatasets, loadManifest } from '..';
import { makeTempDir, realMirror } from './helpers';

const mirror = realMirror();

/** Rows of the INDEX.md table: folder id and the `files` column. */
function parseIndex(text: string): Map<string, number> {
  const rows = new Map<string, number>();
  for (const line of text.split('\n')) {
    const m = /^\|\s*`([^`]+)`\s*\|(.*)\|\s*$/.exec(line);
    if (m === null) continue;
    const cells = m[2].split('|').map((c) => c.trim());
    rows.set(m[1], Number(cells[2]));
  }
  return rows;
}

test('the registry holds exactly the folders of the mirror INDEX.md, with its file counts', { skip: mirror === undefined && 'no datasets mirror' }, () => {
  const index = parseIndex(fs.readFileSync(path.join(mirror as string, 'INDEX.md'), 'utf8'));
  assert.equal(index.size, 16);
  // The mirror's INDEX.md has no row for mobilenetv2-100-224 (its folder and SOURCE.txt exist); when a row
  // is added this list empties and the file count below checks it too.
  assert.deepEqual(DATASET_IDS.filter((id) => !index.has(id)), ['mobilenetv2-100-224']);
  assert.deepEqual([...index.keys()].filter((id) => !DATASET_IDS.includes(id)), []);
  for (const [id, files] of index) assert.equal(getDataset(id).fileCount, files, id);
  // Every mirror folder is registered too (no folder forgotten in INDEX.md).
  const folders = fs.readdirSync(mirror as string, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort();
  assert.deepEqual(folders, [...DATASET_IDS]);
});

test('each committed manifest matches its entry and lists POSIX relative paths without SOURCE.txt', () => {
  for (const entry of listDatasets()) {
    const m = entry.manifest;
    assert.equal(m.id, entry.id);
    assert.equal(m.fileCount, entry.fileCount, entry.id);
    assert.equal(m.files.filter((f) => f.role !== 'notice').length, entry.fileCount, entry.id);
    assert.deepEqual(m.files.filter((f) => f.role === 'notice').map((f) => f.path).sort(), [...entry.licence.noticeFiles].sort(), entry.id);
    for (const f of m.files) {
      assert.ok(!f.path.includes('\\') && !path.isAbsolute(f.path), f.path);
      assert.notEqual(path.basename(f.path), 'SOURCE.txt');
    }
    assert.deepEqual(m.files.map((f) => f.path), [...m.files.map((f) => f.path)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
  }
  assert.equal(getDataset('pacs').manifest.files.filter((f) => f.path.startsWith('photo/')).length, 900);
});

test('every manifest is complete in the mirror (sizes)', { skip: mirror === undefined && 'no datasets mirror' }, async () => {
  for (const id of DATASET_IDS) {
    const check = await checkDatasetDir(path.join(mirror as string, id), getDataset(id).manifest);
    assert.ok(check.complete, `${id}: ${check.summary}`);
  }
});

test('entries record provenance, licence and an honest download mode', () => {
  for (const e of listDatasets()) {
    assert.ok(e.title.length > 0 && e.description.length > 0 && e.use.length > 0, e.id);
    assert.ok(e.licence.terms.length > 20 && e.licence.short.length > 0, e.id);
    assert.ok(e.sources.length > 0, e.id);
    for (const s of e.sources) {
      if (s.kind === 'github') {
        assert.match(s.commit, /^[0-9a-f]{40}$/, e.id);
        assert.equal(s.url, `https://github.com/${s.repository}/tree/${s.commit}/${s.path}`);
      } else assert.match(s.url, /^https:\/\/packages\.debian\.org\/bookworm\//);
    }
    assert.match(e.manualInstructions, /TOUNUM_DATA_MIRROR/, e.id);
    if (e.download === 'raw-files') {
      for (const f of e.manifest.files) {
        const url = getDownloadUrl(e, f.path);
        assert.ok(url !== undefined && url.startsWith('https://raw.githubusercontent.com/'), `${e.id}/${f.path}`);
        const commits = e.sources.map((s) => (s.kind === 'github' ? s.commit : ''));
        assert.ok(commits.some((c) => url.includes(`/${c}/`)), `${url} pins a commit of the sources`);
      }
    } else {
      assert.equal(e.downloadRules.length, 0, e.id);
      assert.equal(getDownloadUrl(e, e.manifest.files[0].path), undefined);
    }
  }
  // Transformed or packaged data must not pretend to be downloadable.
  assert.deepEqual(listDatasets().filter((e) => e.download === 'manual').map((e) => e.id), ['flickr8k', 'fritzing-schematics', 'mate-photos', 'mobilenetv2-100-224', 'skimage-samples', 'sroie-receipts']);
});

test('download URLs follow the source layout of each repository', () => {
  const set5 = getDataset('set5');
  assert.equal(getDownloadUrl(set5, 'HR_named_full/baby.png'), 'https://raw.githubusercontent.com/majedelhelou/denoising_datasets/58234876fef6f1b56306705c78dfd40cdb837b86/CSet5/baby.png');
  assert.equal(getDownloadUrl(set5, 'image_SRF_2/img_001_SRF_2_HR.png'), 'https://raw.githubusercontent.com/jbhuang0604/SelfExSR/8f6dd8c1d20cb7e8792a7177b4f6fd677633f598/data/Set5/image_SRF_2/img_001_SRF_2_HR.png');
  const fc = getDataset('flowcharts-fcinkml');
  assert.equal(getDownloadUrl(fc, 'REPO_LICENSE.txt'), 'https://raw.githubusercontent.com/zevisert/FCinkML1.7-renders/ec845d2f0c140b2df296c5932339c881a2bfb1b7/LICENSE');
  assert.equal(getDownloadUrl(getDataset('pacs'), 'photo/dog/056_0002.jpg'), 'https://raw.githubusercontent.com/MachineLearning2020/Homework3-PACS/d586a6cf3db84896fb6cc465c7bf51bdaf6d65d8/PACS/photo/dog/056_0002.jpg');
  assert.match(getDownloadUrl(getDataset('real-noisy'), 'RNI15/Audrey Hepburn#1.jpg') ?? '', /\/testsets\/RNI15\/Audrey%20Hepburn%231\.jpg$/);
});

test('getDataset rejects an unknown id and lists the valid ones', () => {
  assert.throws(
    () => getDataset('kodak'),
    (err: unknown) => err instanceof RangeError && /unknown dataset id "kodak"; valid ids: cbsd68, flickr8k, flowcharts-fcinkml, .*vhs-like-frames$/.test(err.message),
  );
});

test('loadManifest rejects a missing or inconsistent manifest', () => {
  const dir = makeTempDir('manifest');
  assert.throws(() => loadManifest('set5', { manifestDir: dir }), /no manifest for "set5".*make-manifests\.js set5/);
  const good = { id: 'x', format: 1, fileCount: 1, noticeCount: 0, dataBytes: 3, totalBytes: 3, files: [{ path: 'a.png', bytes: 3, sha256: 'a'.repeat(64) }] };
  fs.writeFileSync(path.join(dir, 'x.json'), JSON.stringify({ ...good, fileCount: 2 }));
  assert.throws(() => loadManifest('x', { manifestDir: dir }), /"fileCount" 2 != 1 data files/);
  fs.writeFileSync(path.join(dir, 'y.json'), JSON.stringify({ ...good, id: 'y', files: [{ path: '../a.png', bytes: 3, sha256: 'a'.repeat(64) }] }));
  assert.throws(() => loadManifest('y', { manifestDir: dir }), /files\[0\]\.path must be a relative POSIX path/);
  fs.writeFileSync(path.join(dir, 'z.json'), JSON.stringify({ ...good, id: 'z' }));
  assert.equal(loadManifest('z', { manifestDir: dir }).totalBytes, 3);
  fs.rmSync(dir, { recursive: true, force: true });
});

test('the captioning entries are mirror-only and state their licence and sources', () => {
  const flickr = getDataset('flickr8k');
  assert.equal(flickr.licence.commercialUse, 'forbidden');
  assert.match(flickr.licence.short, /non-commercial; cite Hodosh et al\. 2013/);
  assert.deepEqual(flickr.sources.map((s) => (s.kind === 'github' ? [s.repository, s.commit] : [])), [
    ['RlNZLER/Image-Text-Matching', '56a15d913c3f290e2ee896386ece6076c1eea02e'],
    ['prakhar-dhakar/Image-Captioning', '5ab3142167da9315c4287173ed24a643a0425ab8'],
  ]);
  assert.match(flickr.manualInstructions, /^Mirror only: the images were re-encoded/);
  assert.equal(flickr.manifest.files.filter((f) => f.path.startsWith('images/')).length, 8091);
  const mobilenet = getDataset('mobilenetv2-100-224');
  assert.equal(mobilenet.licence.spdx, 'Apache-2.0');
  assert.deepEqual(mobilenet.licence.noticeFiles, ['LICENSE.coral-test_data.txt']);
  assert.match(mobilenet.manualInstructions, /7aad0c74c5e3c06e5eb3c827e13304fdd68a83da6087d92ee169c24ff9fd4776/);
  assert.deepEqual(mobilenet.manifest.files.map((f) => f.path).filter((p) => p.endsWith('.bin')).length, 5);
});
