#!/usr/bin/python3
"""Golden values for lib/metrics/computeCorpusBleu from NLTK's corpus_bleu.

Run with Debian's Python and its python3-nltk package:

    /usr/bin/python3 scripts/golden/make_bleu.py

Writes lib/metrics/__tests__/fixtures/bleu-nltk.json. The captioning corpus is built here, deterministically:
hand-written items for the corner cases (ties in the closest reference length, hypotheses shorter and longer
than every reference, no 4-gram match, a repeated word that clipping must not reward, hypotheses shorter
than the n-gram order, no match at all, an empty hypothesis) and seeded perturbations of random captions (substitutions, drops, insertions,
repeats). Each case is a subset of the corpus items (one item = sentence BLEU) with, for n = 1..maxOrder,
BLEU-n = corpus_bleu(weights=(1/n,) * n) and NLTK's modified precisions, closest reference lengths and
brevity penalty. Smoothing 'add-epsilon' is SmoothingFunction(epsilon).method1, 'add-one' is method2.
"""
import json
import os
import random
import sys
import warnings
from fractions import Fraction

import nltk
from nltk.translate.bleu_score import (SmoothingFunction, brevity_penalty, closest_ref_length, corpus_bleu,
                                       modified_precision)

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
OUT = os.path.join(ROOT, 'lib', 'metrics', '__tests__', 'fixtures', 'bleu-nltk.json')

HAND = [
    # (references, hypothesis, what it exercises)
    (['a cat sits on the mat', 'there is a cat on the mat'], 'the cat sits on the mat', 'close match'),
    (['a dog runs in the park', 'a brown dog is running'], 'a dog runs', 'shorter than every reference'),
    (['two men ride horses'], 'two men ride two brown horses along a dusty road at dusk', 'longer than the reference'),
    (['one two three four', 'one two three four five six'], 'one two three four five', 'tie 4 / 6 -> the shorter'),
    (['a b c', 'a b c d e f g'], 'a x b y c', 'tie 3 / 7 -> the shorter'),
    (['the the cat'], 'the the the the the the', 'repeated word, clipped to 2'),
    (['a man riding a wave on a surfboard'], 'a surfboard man wave a riding on a', 'no 4-gram (or 3-gram) match'),
    (['a red bus on a street', 'a double decker bus'], 'bus', 'one token, shorter than n'),
    (['people walking down a busy street'], 'cars parked near a building', 'almost no overlap'),
    (['a plate of food with broccoli', 'a plate with meat and broccoli', 'some food on a white plate',
      'broccoli and meat on a plate', 'a meal of meat and vegetables'], 'a plate of meat and broccoli',
     'five references'),
    (['a cat on a sofa'], 'zebra giraffe', 'no match at all'),
    (['a kitchen with a stove', 'an empty kitchen'], '', 'empty hypothesis'),
]
VOCAB = ('a the man woman dog cat red blue small big sits runs on in with near table street grass ball '
         'park car and is of two').split()


def random_items(rng, count):
    items = []
    for _ in range(count):
        base = [rng.choice(VOCAB) for _ in range(rng.randint(4, 11))]
        refs = []
        for _ in range(rng.randint(1, 5)):
            ref = list(base)
            for _ in range(rng.randint(0, 3)):
                ref[rng.randrange(len(ref))] = rng.choice(VOCAB)
            if rng.random() < 0.5:
                ref.insert(rng.randrange(len(ref) + 1), rng.choice(VOCAB))
            if rng.random() < 0.3 and len(ref) > 3:
                del ref[rng.randrange(len(ref))]
            refs.append(ref)
        hyp = list(base)
        for _ in range(rng.randint(0, 4)):
            op = rng.random()
            if op < 0.4:
                hyp[rng.randrange(len(hyp))] = rng.choice(VOCAB)
            elif op < 0.6 and len(hyp) > 2:
                del hyp[rng.randrange(len(hyp))]
            elif op < 0.8:
                hyp.insert(rng.randrange(len(hyp) + 1), rng.choice(VOCAB))
            else:
                i = rng.randrange(len(hyp))
                hyp.insert(i, hyp[i])
        items.append({'references': refs, 'hypothesis': hyp, 'note': 'seeded perturbation'})
    return items


def smoothing_function(name, epsilon):
    if name == 'none':
        return None
    if name == 'add-epsilon':
        return SmoothingFunction(epsilon=epsilon).method1
    if name == 'add-one':
        return SmoothingFunction().method2
    raise ValueError(name)


def case(name, corpus, indices, max_order=4, smoothing='none', epsilon=0.1):
    refs = [corpus[i]['references'] for i in indices]
    hyps = [corpus[i]['hypothesis'] for i in indices]
    fn = smoothing_function(smoothing, epsilon)
    with warnings.catch_warnings():
        warnings.simplefilter('ignore')  # method0 warns about zero counts
        bleu = [float(corpus_bleu(refs, hyps, weights=tuple(1 / n for _ in range(n)), smoothing_function=fn))
                for n in range(1, max_order + 1)]
    precisions = []
    for n in range(1, max_order + 1):
        num = sum(modified_precision(r, h, n).numerator for r, h in zip(refs, hyps))
        den = sum(modified_precision(r, h, n).denominator for r, h in zip(refs, hyps))
        precisions.append(float(Fraction(num, den)))
    hyp_len = sum(len(h) for h in hyps)
    ref_len = sum(closest_ref_length(r, len(h)) for r, h in zip(refs, hyps))
    out = {'name': name, 'indices': indices, 'maxOrder': max_order, 'smoothing': smoothing}
    if smoothing == 'add-epsilon':
        out['epsilon'] = epsilon
    out.update({'bleu': bleu, 'precisions': precisions, 'brevityPenalty': float(brevity_penalty(ref_len, hyp_len)),
                'hypothesisLength': hyp_len, 'referenceLength': ref_len})
    return out


def main():
    corpus = [{'references': [r.split() for r in refs], 'hypothesis': hyp.split(), 'note': note}
              for refs, hyp, note in HAND]
    corpus += random_items(random.Random(20240607), 21)
    everything = list(range(len(corpus)))
    hand = list(range(len(HAND)))
    cases = [
        case('whole corpus', corpus, everything),
        case('whole corpus, BLEU-1..6', corpus, everything, max_order=6),
        case('hand-written items', corpus, hand),
        case('seeded items', corpus, everything[len(HAND):]),
        case('short hypotheses (corpus brevity penalty < 1)', corpus, [1, 7, 8]),
        case('no unigram match (NLTK returns 0 early)', corpus, [10, 11]),
        case('no unigram match, add-epsilon 0.1', corpus, [10, 11], smoothing='add-epsilon'),
        case('hand-written items, add-epsilon 0.1', corpus, hand, smoothing='add-epsilon'),
        case('no 4-gram match, add-epsilon 0.01', corpus, [6, 8], smoothing='add-epsilon', epsilon=0.01),
        case('no 4-gram match, add-one', corpus, [6, 8], smoothing='add-one'),
        case('whole corpus, add-one', corpus, everything, smoothing='add-one'),
        case('BLEU-1..2 of the seeded items', corpus, everything[len(HAND):], max_order=2),
    ]
    cases += [case(f'sentence {i}: {corpus[i]["note"]}', corpus, [i]) for i in everything]
    cases += [case(f'sentence {i}, add-epsilon 0.1', corpus, [i], smoothing='add-epsilon') for i in (6, 7, 8, 11)]
    fixture = {
        'generator': 'scripts/golden/make_bleu.py',
        'nltk': nltk.__version__,
        'python': sys.version.split()[0],
        'corpus': corpus,
        'cases': cases,
    }
    with open(OUT, 'w') as f:
        json.dump(fixture, f, indent=1)
        f.write('\n')
    print('wrote', os.path.relpath(OUT, ROOT), len(corpus), 'items', len(cases), 'cases')


if __name__ == '__main__':
    main()
