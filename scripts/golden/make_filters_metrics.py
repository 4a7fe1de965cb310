#!/usr/bin/python3
"""Golden values for lib/filters and lib/metrics, computed with OpenCV and scikit-image.

Run with Debian's Python (it has cv2, skimage, pywt):

    /usr/bin/python3 scripts/golden/make_filters_metrics.py

Writes lib/filters/__tests__/fixtures/filters.json and lib/metrics/__tests__/fixtures/metrics.json.
Images are stored as base64 8-bit (`u8`) or little-endian float32 (`f32`) HWC samples; the tests
decode them. Inputs are 8-bit images turned into float as x / 255, exactly as lib/io does.
Versions used are recorded in each fixture.
"""
import base64
import json
import os
import sys

import cv2
import numpy as np
import pywt
import skimage
from skimage.filters import unsharp_mask
from skimage.metrics import mean_squared_error, peak_signal_noise_ratio, structural_similarity
from skimage.restoration import estimate_sigma

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
DATASETS = os.environ.get('TOUNUM_DATASETS', os.path.join(ROOT, '..', 'shared', 'datasets'))
KODAK = os.path.join(DATASETS, 'kodak24', 'kodim08.png')
KODAK_CROP = (200, 180, 64)  # x, y, size of the crop embedded in the fixtures


def enc_u8(a):
    a = np.ascontiguousarray(a, dtype=np.uint8)
    h, w = a.shape[:2]
    c = 1 if a.ndim == 2 else a.shape[2]
    return {'width': w, 'height': h, 'channels': c, 'u8': base64.b64encode(a.tobytes()).decode()}


def enc_f32(a):
    a = np.ascontiguousarray(a, dtype='<f4')
    h, w = a.shape[:2]
    c = 1 if a.ndim == 2 else a.shape[2]
    return {'width': w, 'height': h, 'channels': c, 'f32': base64.b64encode(a.tobytes()).decode()}


def to_float(u8):
    return u8.astype(np.float32) / np.float32(255)


def versions():
    return {'cv2': cv2.__version__, 'skimage': skimage.__version__, 'numpy': np.__version__, 'pywt': pywt.__version__}


def load_inputs():
    rng = np.random.default_rng(20240604)
    rgb = rng.integers(0, 256, (13, 17, 3), dtype=np.uint8)
    grey = rng.integers(0, 256, (13, 17), dtype=np.uint8)
    bgr = cv2.imread(KODAK, cv2.IMREAD_COLOR)
    if bgr is None:
        sys.exit(f'cannot read {KODAK}; set TOUNUM_DATASETS')
    x, y, s = KODAK_CROP
    kodak = cv2.cvtColor(bgr, cv2.COLOR_BGR2RGB)[y:y + s, x:x + s].copy()
    return rng, rgb, grey, kodak


# OpenCV border flags by lib/filters BorderMode name.
BORDERS = {
    'reflect101': cv2.BORDER_REFLECT_101,
    'reflect': cv2.BORDER_REFLECT,
    'replicate': cv2.BORDER_REPLICATE,
    'constant': cv2.BORDER_CONSTANT,
    'wrap': cv2.BORDER_WRAP,
}
CONSTANT_VALUE = 0.3


def filter2d(img, kernel, mode):
    """cv2.filter2D (correlation, centred anchor). filter2D rejects BORDER_WRAP and only pads
    BORDER_CONSTANT with 0, so those two go through cv2.copyMakeBorder and a crop."""
    kh, kw = kernel.shape
    ry, rx = kh // 2, kw // 2
    if mode in ('wrap', 'constant'):
        value = [CONSTANT_VALUE] * 4 if mode == 'constant' else 0
        padded = cv2.copyMakeBorder(img, ry, ry, rx, rx, BORDERS[mode], value=value)
        out = cv2.filter2D(padded, -1, kernel, borderType=cv2.BORDER_REFLECT_101)
        return out[ry:ry + img.shape[0], rx:rx + img.shape[1]]
    return cv2.filter2D(img, -1, kernel, borderType=BORDERS[mode])


def make_filters(rng, rgb, grey, kodak):
    frgb, fgrey, fkodak = to_float(rgb), to_float(grey), to_float(kodak)
    # Asymmetric, non-separable 3 rows × 5 columns: catches flips (convolution vs correlation),
    # transposition and border handling.
    k_asym = rng.uniform(-1, 1, (3, 5)).astype(np.float32)
    # Separable, asymmetric 5 rows × 3 columns = outer(ky, kx): exercises the separable fast path.
    ky = np.array([0.1, -0.4, 0.9, 0.3, 0.2], np.float32)
    kx = np.array([0.5, 1.0, -0.25], np.float32)
    k_sep = np.outer(ky, kx).astype(np.float32)
    conv = []
    for name, img in (('rgb', frgb), ('grey', fgrey)):
        for kname, k in (('asym', k_asym), ('sep', k_sep)):
            for mode in BORDERS:
                conv.append({'input': name, 'kernel': kname, 'border': mode,
                             'expected': enc_f32(filter2d(img, k, mode))})
    gauss = [
        {'input': 'rgb', 'sigma': 1.2, 'expected': enc_f32(cv2.GaussianBlur(frgb, (0, 0), 1.2))},
        {'input': 'grey', 'sigma': 0.8, 'border': 'reflect',
         'expected': enc_f32(cv2.GaussianBlur(fgrey, (0, 0), 0.8, borderType=cv2.BORDER_REFLECT))},
        {'input': 'grey', 'sigma': 2.0, 'radius': 3,
         'expected': enc_f32(cv2.GaussianBlur(fgrey, (7, 7), 2.0))},
        # 8-bit rounded output of the float computation keeps the fixture small.
        {'input': 'kodak', 'sigma': 2.0,
         'expected': enc_u8(np.round(cv2.GaussianBlur(fkodak, (0, 0), 2.0) * 255))},
    ]
    median = []
    for name, img in (('rgb', rgb), ('grey', grey)):
        for size in (3, 5):
            median.append({'input': name, 'size': size, 'expected': enc_u8(cv2.medianBlur(img, size))})
    median.append({'input': 'grey', 'size': 7, 'expected': enc_u8(cv2.medianBlur(grey, 7))})
    bilateral = []
    for name, img, d, sc, ss in (('rgb', frgb, 5, 0.1, 2.0), ('grey', fgrey, 7, 0.2, 3.0),
                                 ('rgb', frgb, 0, 0.3, 1.5), ('kodak', fkodak, 9, 0.1, 3.0)):
        out = cv2.bilateralFilter(img, d, sc, ss)
        bilateral.append({'input': name, 'diameter': d, 'sigmaColor': sc, 'sigmaSpace': ss,
                          'expected': enc_u8(np.round(out * 255)) if name == 'kodak' else enc_f32(out)})
    unsharp = []
    # channel_axis=2, not -1: skimage 0.19's unsharp_mask slices the wrong axis for negative
    # channel_axis (slice_at_axis(c, -1)) and returns uninitialised memory.
    for name, img, radius, amount, ch in (('rgb', rgb, 1.5, 1.2, 2), ('grey', grey, 2.0, 0.7, None)):
        out = unsharp_mask(img.astype(np.float64) / 255, radius=radius, amount=amount, channel_axis=ch)
        unsharp.append({'input': name, 'radius': radius, 'amount': amount, 'expected': enc_f32(out)})
    return {
        'generator': 'scripts/golden/make_filters_metrics.py',
        'versions': versions(),
        'constantValue': CONSTANT_VALUE,
        'inputs': {'rgb': enc_u8(rgb), 'grey': enc_u8(grey), 'kodak': enc_u8(kodak)},
        'kodakSource': {'file': 'kodak24/kodim08.png', 'x': KODAK_CROP[0], 'y': KODAK_CROP[1], 'size': KODAK_CROP[2]},
        'kernels': {
            'asym': {'width': 5, 'height': 3, 'data': [float(v) for v in k_asym.ravel()]},
            'sep': {'width': 3, 'height': 5, 'data': [float(v) for v in k_sep.ravel()],
                    'kx': [float(v) for v in kx], 'ky': [float(v) for v in ky]},
        },
        'convolve2d': conv,
        'gaussianBlur': gauss,
        'medianFilter': median,
        'bilateralFilter': bilateral,
        'unsharpMask': unsharp,
    }


def luma(u8):
    """BT.601 Y in [0, 1] with MATLAB rgb2ycbcr scaling (BasicSR `to_y_channel` / 255)."""
    f = u8.astype(np.float64) / 255
    return (16 + 65.481 * f[..., 0] + 128.553 * f[..., 1] + 24.966 * f[..., 2]) / 255


def ssim(a, b, channel_axis):
    return float(structural_similarity(a, b, gaussian_weights=True, sigma=1.5, use_sample_covariance=False,
                                       data_range=1, channel_axis=channel_axis))


def make_metrics(rng, rgb, grey, kodak):
    rgb_b = np.clip(rgb + rng.normal(0, 20, rgb.shape), 0, 255).round().astype(np.uint8)
    grey_b = np.clip(grey + rng.normal(0, 35, grey.shape), 0, 255).round().astype(np.uint8)
    kodak_noisy = np.clip(kodak + rng.normal(0, 0.08 * 255, kodak.shape), 0, 255).round().astype(np.uint8)
    kodak_blur = cv2.GaussianBlur(kodak, (0, 0), 1.5)
    images = {'rgb': rgb, 'rgbB': rgb_b, 'grey': grey, 'greyB': grey_b, 'kodak': kodak,
              'kodakNoisy': kodak_noisy, 'kodakBlur': kodak_blur}
    pairs = []
    for a, b in (('rgb', 'rgbB'), ('grey', 'greyB'), ('kodak', 'kodakNoisy'), ('kodak', 'kodakBlur')):
        ia, ib = images[a], images[b]
        fa, fb = ia.astype(np.float64) / 255, ib.astype(np.float64) / 255
        colour = ia.ndim == 3
        ya, yb = (luma(ia), luma(ib)) if colour else (fa, fb)
        case = {
            'a': a, 'b': b,
            'mse': float(mean_squared_error(fa, fb)),
            'psnr': float(peak_signal_noise_ratio(fa, fb, data_range=1)),
            'psnrY': float(peak_signal_noise_ratio(ya, yb, data_range=1)),
            'psnrYCrop4': float(peak_signal_noise_ratio(ya[4:-4, 4:-4], yb[4:-4, 4:-4], data_range=1)),
            'ssim': ssim(fa, fb, -1 if colour else None),
            'ssimY': ssim(ya, yb, None),
        }
        if a == 'kodak':
            case['ssimCrop4'] = ssim(fa[4:-4, 4:-4], fb[4:-4, 4:-4], -1)
            case['psnrRange2'] = float(peak_signal_noise_ratio(fa, fb, data_range=2))
        pairs.append(case)
    blur = []
    for name, img in images.items():
        g8 = cv2.cvtColor(img, cv2.COLOR_RGB2GRAY) if img.ndim == 3 else img
        f = img.astype(np.float64)
        gf = 0.299 * f[..., 0] + 0.587 * f[..., 1] + 0.114 * f[..., 2] if img.ndim == 3 else f
        blur.append({'input': name,
                     'score': float(cv2.Laplacian(g8, cv2.CV_64F).var()),
                     'scoreFloat': float(cv2.Laplacian(gf, cv2.CV_64F).var())})
    noise = []
    for name, img in images.items():
        f = img.astype(np.float64) / 255
        s = estimate_sigma(f, channel_axis=-1 if img.ndim == 3 else None, average_sigmas=True)
        noise.append({'input': name, 'sigma': float(s)})
    return {
        'generator': 'scripts/golden/make_filters_metrics.py',
        'versions': versions(),
        'images': {k: enc_u8(v) for k, v in images.items()},
        'kodakSource': {'file': 'kodak24/kodim08.png', 'x': KODAK_CROP[0], 'y': KODAK_CROP[1], 'size': KODAK_CROP[2]},
        'pairs': pairs,
        'blurScore': blur,
        'noiseSigma': noise,
    }


def write(rel, obj):
    path = os.path.join(ROOT, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, 'w') as f:
        json.dump(obj, f, separators=(',', ':'))
        f.write('\n')
    print(f'{rel}: {os.path.getsize(path)} bytes')


def main():
    rng, rgb, grey, kodak = load_inputs()
    write('lib/filters/__tests__/fixtures/filters.json', make_filters(rng, rgb, grey, kodak))
    write('lib/metrics/__tests__/fixtures/metrics.json', make_metrics(rng, rgb, grey, kodak))


if __name__ == '__main__':
    main()
