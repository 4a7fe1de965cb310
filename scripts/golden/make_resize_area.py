#!/usr/bin/python3
"""Golden values for lib/image/resizeImageArea (downscaling) from OpenCV's INTER_AREA.

Run: /usr/bin/python3 scripts/golden/make_resize_area.py
Writes lib/image/__tests__/fixtures/resize-area.json.
"""
import json
import os

import cv2
import numpy as np

rng = np.random.default_rng(6)
cases = []
for (h, w, c, oh, ow) in [(5, 7, 3, 2, 3), (9, 6, 1, 4, 5), (13, 11, 3, 4, 4), (8, 8, 3, 4, 4), (10, 15, 1, 3, 7)]:
    src = rng.random((h, w, c), dtype=np.float32)
    out = cv2.resize(src if c == 3 else src[:, :, 0], (ow, oh), interpolation=cv2.INTER_AREA)
    cases.append({
        'width': w, 'height': h, 'channels': c, 'outWidth': ow, 'outHeight': oh,
        'input': src.reshape(-1).astype(float).tolist(),
        'expected': np.asarray(out, dtype=np.float32).reshape(-1).astype(float).tolist(),
    })
path = os.path.join(os.path.dirname(__file__), '..', '..', 'lib', 'image', '__tests__', 'fixtures', 'resize-area.json')
with open(path, 'w') as f:
    json.dump({'generator': 'scripts/golden/make_resize_area.py', 'opencv': cv2.__version__, 'cases': cases}, f)
print('wrote', os.path.normpath(path), len(cases), 'cases')
