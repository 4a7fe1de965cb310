import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildVocabulary, loadVocabulary, saveVocabulary, type Vocabulary } from '..';

const vocab = buildVocabulary([['a', 'dog', 'runs'], ['a', 'cat', 'runs'], ['a', 'dog']], { minCount: 2 });

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'tounum-vocab-'));
}

test('saveVocabulary → loadVocabulary round trip, in the documented JSON format', async () => {
  const dir = tempDir();
  const file = path.join(dir, 'nested', 'vocabulary.json');
  await saveVocabulary(vocab, file);
  assert.deepEqual(JSON.parse(fs.readFileSync(file, 'utf8')), {
    format: 'tounum-vocabulary',
    version: 1,
    minCount: 2,
    words: ['<pad>', '<start>', '<end>', '<unk>', 'a', 'dog', 'runs'],
  });
  const loaded = await loadVocabulary(file);
  assert.deepEqual(loaded, vocab);
  assert.equal(loaded.index.get('runs'), 6);
  // Saving again replaces the file and leaves no temporary file behind.
  await saveVocabulary(buildVocabulary([['x', 'x']], { minCount: 1 }), file);
  assert.deepEqual((await loadVocabulary(file)).words.slice(4), ['x']);
  assert.deepEqual(fs.readdirSync(path.dirname(file)), ['vocabulary.json']);
  fs.rmSync(dir, { recursive: true, force: true });
});

test('saveVocabulary: a failed write leaves the previous file and no temporary file', async () => {
  const dir = tempDir();
  const file = path.join(dir, 'vocabulary.json');
  await saveVocabulary(vocab, file);
  const before = fs.readFileSync(file, 'utf8');
  // A directory where the file should go makes the rename fail after the temporary file was written.
  const blocked = path.join(dir, 'blocked.json');
  fs.mkdirSync(path.join(blocked, 'child'), { recursive: true });
  await assert.rejects(saveVocabulary(vocab, blocked));
  assert.deepEqual(fs.readdirSync(dir).sort(), ['blocked.json', 'vocabulary.json']);
  assert.equal(fs.readFileSync(file, 'utf8'), before);
  fs.rmSync(dir, { recursive: true, force: true });
});

test('saveVocabulary / loadVocabulary reject bad arguments', async () => {
  await assert.rejects(saveVocabulary({ words: [] } as unknown as Vocabulary, '/tmp/x.json'), { name: 'TypeError', message: /^saveVocabulary: vocab must be a Vocabulary/ });
  await assert.rejects(saveVocabulary(vocab, ''), { name: 'TypeError', message: 'saveVocabulary: file must be a non-empty path, got an empty string' });
  await assert.rejects(loadVocabulary(''), { name: 'TypeError', message: 'loadVocabulary: file must be a non-empty path, got an empty string' });
});

test('loadVocabulary validates the file and names it', async () => {
  const dir = tempDir();
  const missing = path.join(dir, 'none.json');
  await assert.rejects(loadVocabulary(missing), { message: `loadVocabulary: cannot read ${missing}: no such file` });
  const good = { format: 'tounum-vocabulary', version: 1, minCount: 5, words: ['<pad>', '<start>', '<end>', '<unk>', 'a'] };
  const cases: Array<[unknown, RegExp]> = [
    ['{ not json', /is not valid JSON/],
    [[1, 2], /must hold a JSON object, got an array of length 2/],
    [{ ...good, format: 'other' }, /"format" must be "tounum-vocabulary", got "other"/],
    [{ ...good, version: 2 }, /"version" 2 is not supported \(this tounum-lab reads version 1\)/],
    [{ ...good, minCount: 0 }, /"minCount" must be a positive integer, got 0/],
    [{ ...good, minCount: undefined }, /"minCount" must be a positive integer, got undefined/],
    [{ ...good, words: 'a' }, /"words" must be an array of strings, got "a"/],
    [{ ...good, words: ['<start>', '<pad>', '<end>', '<unk>'] }, /: words\[0\] must be "<pad>", got "<start>"$/],
    [{ ...good, words: ['<pad>', '<start>', '<end>'] }, /: words\[3\] must be "<unk>", got undefined$/],
    [{ ...good, words: [...good.words, 7] }, /: words\[5\] must be a non-empty string, got 7$/],
    [{ ...good, words: [...good.words, ''] }, /: words\[5\] must be a non-empty string, got ""$/],
    [{ ...good, words: [...good.words, 'a'] }, /: words\[5\] "a" repeats words\[4\]$/],
  ];
  for (const [i, [content, message]] of cases.entries()) {
    const file = path.join(dir, `v${i}.json`);
    fs.writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
    await assert.rejects(loadVocabulary(file), (err: unknown) => err instanceof Error && err.message.startsWith(`loadVocabulary: ${file}`) && message.test(err.message), `case ${i}`);
  }
  fs.rmSync(dir, { recursive: true, force: true });
});
