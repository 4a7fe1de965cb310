#!/usr/bin/env python3
"""OpenCV half of the denoising benchmark (driven by scripts/bench/denoise.js; not meant to be run alone).

    /usr/bin/python3 scripts/bench/denoise_opencv.py MANIFEST.json RESULT.json

MANIFEST (written by denoise.js):
  {"tune": [{"sigma": 25, "clean": "...png", "noisy": "...png"}, ...],
   "eval": [{"sigma": 25, "noisy": "...png", "out": "...png"}, ...],
   "factors": [0.4, ...], "patch": 7, "search": 21}

For every sigma, picks the h = factor * sigma (hColor = h) maximising the mean PSNR of
cv2.fastNlMeansDenoisingColored over the "tune" images, then denoises the "eval" images with it,
writing 8-bit PNG outputs (denoise.js computes PSNR/SSIM on them with lib/metrics) and timing every
call with time.process_time() (CPU time of this single-threaded process: cv2.setNumThreads(1)).
"""
import json
import sys
import time

import cv2
import numpy as np


def psnr(a, b):
    mse = np.mean((a.astype(np.float64) - b.astype(np.float64)) ** 2)
    return float('inf') if mse == 0 else float(10 * np.log10(255.0 ** 2 / mse))


def denoise(bgr, h, patch, search):
    t0 = time.process_time()
    out = cv2.fastNlMeansDenoisingColored(bgr, None, h, h, patch, search)
    return out, (time.process_time() - t0) * 1000.0


def main():
    manifest_path, result_path = sys.argv[1], sys.argv[2]
    cv2.setNumThreads(1)
    with open(manifest_path) as fh:
        m = json.load(fh)
    patch, search, factors = m['patch'], m['search'], m['factors']
    sigmas = sorted({j['sigma'] for j in m['eval']})
    result = {'opencv': cv2.__version__, 'threads': cv2.getNumThreads(), 'tuning': {}, 'eval': []}
    for sigma in sigmas:
        tune = [j for j in m['tune'] if j['sigma'] == sigma]
        images = [(cv2.imread(j['clean'], cv2.IMREAD_COLOR), cv2.imread(j['noisy'], cv2.IMREAD_COLOR)) for j in tune]
        grid = []
        for f in factors:
            scores = [psnr(denoise(noisy, f * sigma, patch, search)[0], clean) for clean, noisy in images]
            grid.append({'hFactor': f, 'psnr': float(np.mean(scores))})
            print(f'opencv tune sigma={sigma} h={f}*sigma: {grid[-1]["psnr"]:.3f} dB', flush=True)
        best = max(grid, key=lambda g: g['psnr'])
        result['tuning'][str(sigma)] = {'grid': grid, 'best': best}
        for j in (j for j in m['eval'] if j['sigma'] == sigma):
            noisy = cv2.imread(j['noisy'], cv2.IMREAD_COLOR)
            out, ms = denoise(noisy, best['hFactor'] * sigma, patch, search)
            cv2.imwrite(j['out'], out)
            result['eval'].append({'sigma': sigma, 'noisy': j['noisy'], 'out': j['out'], 'cpuMs': ms,
                                   'pixels': int(noisy.shape[0] * noisy.shape[1])})
    with open(result_path, 'w') as fh:
        json.dump(result, fh, indent=1)


if __name__ == '__main__':
    main()
