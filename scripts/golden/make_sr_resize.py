#!/usr/bin/env python3
"""Golden values for lib/image/resizeBicubic.ts (MATLAB imresize, bicubic).

MATLAB is not available here, so the reference is a numpy port of MATLAB's imresize
(contributions / resizeAlongDim, as in the widely used `matlab_imresize` ports and BasicSR's
`imresize`), *validated against MATLAB itself*: the Set5 LR files of SelfExSR were produced by
MATLAB `imresize(HR, 1/s, 'bicubic')`, and this script checks that it reproduces them
(prints the fraction of equal samples) before writing the fixture.

Run: /usr/bin/python3 scripts/golden/make_sr_resize.py
Writes lib/image/__tests__/fixtures/resize-bicubic.json
"""
import json
import os
import numpy as np
import cv2

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
OUT = os.path.join(ROOT, 'lib', 'image', '__tests__', 'fixtures', 'resize-bicubic.json')
SET5 = os.path.join(os.path.dirname(ROOT), 'shared', 'datasets', 'set5', 'image_SRF_2')


def cubic(x):
    ax = np.abs(x)
    ax2, ax3 = ax ** 2, ax ** 3
    return ((1.5 * ax3 - 2.5 * ax2 + 1) * (ax <= 1)
            + (-0.5 * ax3 + 2.5 * ax2 - 4 * ax + 2) * ((ax > 1) & (ax <= 2)))


def contributions(in_len, out_len, scale, antialias=True):
    if scale < 1 and antialias:
        kernel = lambda x: scale * cubic(scale * x)
        width = 4.0 / scale
    else:
        kernel = cubic
        width = 4.0
    x = np.arange(1, out_len + 1, dtype=np.float64)
    u = x / scale + 0.5 * (1 - 1 / scale)
    left = np.floor(u - width / 2)
    P = int(np.ceil(width)) + 2
    ind = left[:, None] + np.arange(P)[None, :]
    w = kernel(u[:, None] - ind)
    w = w / w.sum(axis=1, keepdims=True)
    aux = np.concatenate([np.arange(in_len), np.arange(in_len - 1, -1, -1)])
    ind = aux[np.mod(ind.astype(np.int64) - 1, len(aux))]
    keep = np.any(w != 0, axis=0)
    return w[:, keep], ind[:, keep]


def resize_dim(a, out_len, dim, antialias, as_uint8):
    in_len = a.shape[dim]
    w, ind = contributions(in_len, out_len, out_len / in_len, antialias)
    a = np.moveaxis(a, dim, 0)
    out = np.einsum('ok,ok...->o...', w, a[ind])
    out = np.moveaxis(out, 0, dim)
    if as_uint8:
        out = np.clip(np.round(out * 255), 0, 255) / 255
    return out


def imresize(img, out_h, out_w, antialias=True, as_uint8=False):
    """img: float64 HxWxC in [0,1]."""
    scales = [out_h / img.shape[0], out_w / img.shape[1]]
    order = np.argsort(scales, kind='stable')
    out = img.astype(np.float64)
    for d in order:
        target = out_h if d == 0 else out_w
        if out.shape[d] != target:
            out = resize_dim(out, target, d, antialias, as_uint8)
    return out


def check_set5():
    if not os.path.isdir(SET5):
        print('Set5 not found; skipping the MATLAB check')
        return None
    equal = total = 0
    interior_equal = interior_total = 0
    for i in range(1, 6):
        hr = cv2.imread(os.path.join(SET5, f'img_00{i}_SRF_2_HR.png'))[:, :, ::-1] / 255.0
        lr = cv2.imread(os.path.join(SET5, f'img_00{i}_SRF_2_LR.png'))[:, :, ::-1].astype(np.int64)
        mine = np.round(imresize(hr, lr.shape[0], lr.shape[1], as_uint8=True) * 255).astype(np.int64)
        equal += int((mine == lr).sum()); total += lr.size
        interior_equal += int((mine[1:-1, 1:-1] == lr[1:-1, 1:-1]).sum()); interior_total += lr[1:-1, 1:-1].size
    print(f'Set5 x2 LR files reproduced: {equal / total:.4%} of samples equal, {interior_equal / interior_total:.4%} away from the outermost row/column')
    return interior_equal / interior_total


def main():
    rng = np.random.default_rng(7)
    cases = []
    grey = rng.random((9, 11, 1))
    rgb = rng.random((8, 6, 3))
    for name, img, h, w, aa, q in [
        ('grey 9x11 -> 4x5 (shrink, antialias)', grey, 4, 5, True, False),
        ('grey 9x11 -> 4x5 (shrink, no antialias)', grey, 4, 5, False, False),
        ('grey 9x11 -> 18x22 (x2)', grey, 18, 22, True, False),
        ('rgb 8x6 -> 32x24 (x4)', rgb, 32, 24, True, False),
        ('rgb 8x6 -> 4x3 (/2, uint8 rounding)', np.round(rgb * 255) / 255, 4, 3, True, True),
        ('rgb 8x6 -> 5x9 (mixed)', rgb, 5, 9, True, False),
    ]:
        out = imresize(img, h, w, aa, q)
        cases.append({
            'name': name, 'width': img.shape[1], 'height': img.shape[0], 'channels': img.shape[2],
            'data': [float(v) for v in img.reshape(-1)],
            'outWidth': w, 'outHeight': h, 'antialias': aa, 'quantize': q,
            'expected': [float(v) for v in out.reshape(-1)],
        })
    interior = check_set5()
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, 'w') as f:
        json.dump({'generator': 'scripts/golden/make_sr_resize.py (numpy port of MATLAB imresize)', 'set5InteriorAgreement': interior, 'cases': cases}, f)
    print('wrote', OUT)


if __name__ == '__main__':
    main()
