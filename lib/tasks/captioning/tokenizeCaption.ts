/**
 * Characters deleted inside a word, so that the pieces they join stay one word: apostrophes
 * (' ’ ʼ ‘) and hyphens (hyphen-minus, U+2010 hyphen, U+2011 non-breaking hyphen).
 */
const JOINERS = /['\u2018\u2019\u02bc\u2010\u2011-]/gu;
/** Everything that is not a letter, a combining mark or a digit separates words. */
const SEPARATORS = /[^\p{L}\p{M}\p{N}]+/u;

/**
 * Splits a caption into lower-case words, the tokenisation the captioning vocabulary, the decoder and
 * the caption metrics share.
 *
 * Rules, in order: Unicode NFKC normalisation and lower-casing (locale-independent); apostrophes and
 * hyphens are deleted, so a hyphenated word stays one word without its hyphen (`t-shirt` → `tshirt`,
 * `snow-covered` → `snowcovered`, `'s` → `s`, `n't` → `nt`); every other character that is not a letter,
 * mark or digit (`. , ; " ( ) ! ? & …`) separates words; empty tokens are dropped.
 *
 * Deleting hyphens and apostrophes follows the preprocessing of Karpathy & Fei-Fei 2015
 * (neuraltalk2 `prepro.py`: lower-case, delete `string.punctuation`, split on whitespace), which made
 * the Flickr8k / COCO vocabularies most captioning papers use, and, like the COCO caption toolkit's
 * PTB tokenizer, keeps a hyphenated word as one token. Flickr8k itself is inconsistent
 * (`snow-covered` 49 × vs `snow covered` 119 ×, `close-up` 9 × vs `closeup` 67 ×), so no rule merges
 * every variant; this one never produces stray pieces like the `t` of `t-shirt` (145 ×).
 * Unlike neuraltalk2, punctuation other than hyphens and apostrophes separates (`dog,cat` → `dog cat`).
 * @param text - a raw caption, e.g. `A girl 's t-shirt .` (→ `['a', 'girl', 's', 'tshirt']`).
 * @returns the words; empty for a caption with no letter or digit.
 * @throws TypeError when `text` is not a string.
 */
export function tokenizeCaption(text: string): string[] {
  if (typeof text !== 'string') throw new TypeError(`tokenizeCaption: text must be a string, got ${text === null ? 'null' : typeof text}`);
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(JOINERS, '')
    .split(SEPARATORS)
    .filter((t) => t !== '');
}
