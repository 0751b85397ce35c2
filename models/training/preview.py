"""Save a grid of training samples (synthetic and augmented real) and of exact holdout crops to /tmp for a look.
Usage: /usr/bin/python3 models/training/preview.py [out.png]"""
import random
import sys
import time

import cv2
import numpy as np

import data
import synth


def tile(items, cols=6, scale=2):
    cells = []
    for img, lab in items:
        im = cv2.resize(img, (data.W * scale, data.H * scale), interpolation=cv2.INTER_NEAREST)
        cell = np.full((data.H * scale + 14, data.W * scale + 4), 255, np.uint8)
        cell[:data.H * scale, :data.W * scale] = im
        cv2.putText(cell, lab, (2, data.H * scale + 11), 0, 0.4, 0, 1)
        cells.append(cell)
    while len(cells) % cols:
        cells.append(np.full_like(cells[0], 255))
    rows = [np.hstack(cells[i:i + cols]) for i in range(0, len(cells), cols)]
    return np.vstack(rows)


if __name__ == "__main__":
    out = sys.argv[1] if len(sys.argv) > 1 else "/tmp/plate_samples.png"
    random.seed(1)
    np.random.seed(1)
    train, hold = data.load_real()
    t = time.time()
    syn = []
    for _ in range(36):
        rgb, lab = synth.render_random()
        syn.append((data.augment_synthetic(rgb, lab), "S " + lab))
    print("synthetic sample ms", (time.time() - t) / 36 * 1000)
    real = [(data.augment_real(it), it.folder[:4] + " " + it.label) for it in random.sample(train, 24)]
    hv = [(cv2.resize(it.exact_crop(), (data.W, data.H)), "H " + it.folder[:4] + " " + it.label)
          for it in random.sample(hold, 18)]
    cv2.imwrite(out, np.vstack([tile(syn), tile(real), tile(hv)]))
    print(out, len(train), len(hold))
