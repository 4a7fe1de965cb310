#!/usr/bin/env python3
"""Golden fixture for lib/denoise: OpenCV's fast non-local means on seeded noisy crops.

Run with the Debian interpreter (it has cv2):  /usr/bin/python3 scripts/golden/make_denoise.py
Writes lib/denoise/__tests__/fixtures/opencv_nlm.json.

For a colour crop of kodim05 and a grey crop of kodim23 (../shared/datasets/kodak24), adds seeded
Gaussian noise (numpy default_rng, sigma = 25 on the 8-bit scale), rounds and clips to uint8, then runs
cv2.fastNlMeansDenoisingColored / cv2.fastNlMeansDenoising (7x7 patches, 21x21 search, one thread) for
h in {0.4, 0.5, ..., 1.2} * sigma (hColor = h) and records every PSNR (8-bit output against the clean
crop) and the best one. The test checks that our non-local means is at least as good as OpenCV's best.
"""
import base64
import json
import os

import cv2
import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DATA = os.path.join(ROOT, '..', 'shared', 'datasets', 'kodak24')
OUT = os.path.join(ROOT, 'lib', 'denoise', '__tests__', 'fixtures', 'opencv_nlm.json')
SIGMA = 25.0
SIZE = 96
FACTORS = [0.4, 0.5, 0.6, 0.7, 0.8, 1.0, 1.2]


def psnr(a, b):
    mse = np.mean((a.astype(np.float64) - b.astype(np.float64)) ** 2)
    return float(10 * np.log10(255.0 ** 2 / mse))


def case(name, file, top, left, grey, seed):
    img = cv2.imread(os.path.join(DATA, file), cv2.IMREAD_GRAYSCALE if grey else cv2.IMREAD_COLOR)
    clean = img[top:top + SIZE, left:left + SIZE].copy()
    if not grey:
        clean = np.ascontiguousarray(clean[:, :, ::-1])  # BGR -> RGB
    rng = np.random.default_rng(seed)
    noisy = np.clip(np.round(clean.astype(np.float64) + rng.normal(0.0, SIGMA, clean.shape)), 0, 255).astype(np.uint8)
    results = []
    for f in FACTORS:
        h = f * SIGMA
        if grey:
            out = cv2.fastNlMeansDenoising(noisy, None, h, 7, 21)
        else:
            out = cv2.fastNlMeansDenoisingColored(np.ascontiguousarray(noisy[:, :, ::-1]), None, h, h, 7, 21)[:, :, ::-1]
        results.append({'hFactor': f, 'psnr': psnr(out, clean)})
    best = max(results, key=lambda r: r['psnr'])
    return {
        'name': name,
        'source': f'kodak24/{file} rows {top}..{top + SIZE - 1}, cols {left}..{left + SIZE - 1}',
        'width': SIZE,
        'height': SIZE,
        'channels': 1 if grey else 3,
        'sigma255': SIGMA,
        'seed': seed,
        'clean': base64.b64encode(clean.tobytes()).decode('ascii'),
        'noisy': base64.b64encode(noisy.tobytes()).decode('ascii'),
        'noisyPsnr': psnr(noisy, clean),
        'opencv': results,
        'opencvBest': best,
    }


def main():
    cv2.setNumThreads(1)
    cases = [
        case('kodim05-colour', 'kodim05.png', 200, 200, False, 2024),
        case('kodim23-grey', 'kodim23.png', 150, 250, True, 2025),
    ]
    doc = {
        'generator': 'scripts/golden/make_denoise.py',
        'opencv': cv2.__version__,
        'note': 'uint8 HWC (RGB) samples, base64; PSNR on the 8-bit scale against the clean crop',
        'cases': cases,
    }
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, 'w') as fh:
        json.dump(doc, fh, indent=1)
    for c in cases:
        print(c['name'], 'noisy %.2f dB' % c['noisyPsnr'], 'OpenCV best %.2f dB at h=%.1f sigma' % (c['opencvBest']['psnr'], c['opencvBest']['hFactor']))


if __name__ == '__main__':
    main()
