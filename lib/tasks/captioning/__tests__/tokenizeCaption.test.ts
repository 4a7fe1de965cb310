import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tokenizeCaption } from '..';

test('tokenizeCaption lower-cases, drops punctuation tokens and splits on whitespace', () => {
  assert.deepEqual(tokenizeCaption('A child in a pink dress is climbing up a set of stairs in an entry way .'), [
    'a', 'child', 'in', 'a', 'pink', 'dress', 'is', 'climbing', 'up', 'a', 'set', 'of', 'stairs', 'in', 'an', 'entry', 'way',
  ]);
  assert.deepEqual(tokenizeCaption('  Two   dogs ,\tplaying\n( in the snow ) !'), ['two', 'dogs', 'playing', 'in', 'the', 'snow']);
  assert.deepEqual(tokenizeCaption('The # 2 greyhound'), ['the', '2', 'greyhound']);
  assert.deepEqual(tokenizeCaption('A'), ['a']);
  assert.deepEqual(tokenizeCaption(''), []);
  assert.deepEqual(tokenizeCaption(' . , " ; '), []);
});

test('tokenizeCaption keeps hyphenated words and contractions as one word, without the hyphen or apostrophe', () => {
  assert.deepEqual(tokenizeCaption('A boy in a T-shirt on a snow-covered merry-go-round .'), ['a', 'boy', 'in', 'a', 'tshirt', 'on', 'a', 'snowcovered', 'merrygoround']);
  assert.deepEqual(tokenizeCaption("The racer 's bike does n't start at six o'clock"), ['the', 'racer', 's', 'bike', 'does', 'nt', 'start', 'at', 'six', 'oclock']);
  assert.deepEqual(tokenizeCaption('girl’s well‐worn shoes'), ['girls', 'wellworn', 'shoes']);
  // Other punctuation inside a word separates.
  assert.deepEqual(tokenizeCaption('dog,cat at&t rif=ding 3–4'), ['dog', 'cat', 'at', 't', 'rif', 'ding', '3', '4']);
});

test('tokenizeCaption handles non-ASCII letters and compatibility forms', () => {
  assert.deepEqual(tokenizeCaption('Un Café À Paris'), ['un', 'café', 'à', 'paris']);
  assert.deepEqual(tokenizeCaption('ＡＢＣ ﬁsh'), ['abc', 'fish']);
});

test('tokenizeCaption rejects a non-string and leaves its input alone', () => {
  assert.throws(() => tokenizeCaption(3 as unknown as string), { name: 'TypeError', message: 'tokenizeCaption: text must be a string, got number' });
  assert.throws(() => tokenizeCaption(null as unknown as string), { name: 'TypeError', message: 'tokenizeCaption: text must be a string, got null' });
  const text = 'A Dog .';
  tokenizeCaption(text);
  assert.equal(text, 'A Dog .');
});
