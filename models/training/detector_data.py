"""Training frames for the plate detector: real photos with their labelled plate, and composites with more plates
pasted in (synthetic plates from synth.py, real us-crops, real plates cut from other training photos), plus
non-plate text as distractors. Every frame is letterboxed exactly as the runtime does (detector_letterbox).

The split is the recogniser's (data.part_of, THE rule of native/alpr/evaluate.ts): test and validation photos and
crops are never used here, neither as frames nor as pasted plates nor as backgrounds.
"""
import csv
import glob
import os
import random

import cv2
import numpy as np
import torch
from torch.utils.data import IterableDataset

import synth
from data import DEFAULT_ALPR, part_of, photometric
from detector_model import IN_H, IN_W, STRIDE

GREY_PAD = 128
HM_H, HM_W = IN_H // STRIDE, IN_W // STRIDE
# Backgrounds are kept at most this big (long side): enough for a 448-wide frame cut from a quarter of a photo.
BG_LONG_SIDE = 1024


class Photo:
    def __init__(self, folder, name, grey, box, label):
        self.folder, self.name, self.grey, self.box, self.label = folder, name, grey, box, label


def _read_grey(path):
    bgr = cv2.imread(path, cv2.IMREAD_COLOR)
    return None if bgr is None else cv2.cvtColor(bgr, cv2.COLOR_BGR2GRAY)


def load_photos(alpr_dir=DEFAULT_ALPR):
    """(train, validation) lists of Photo for us/, eu/, br/ by the split (data.part_of; the test part is never
    loaded): grey, shrunk to BG_LONG_SIDE, box scaled with it."""
    train, hold = [], []
    for folder in ("us", "eu", "br"):
        for txt in sorted(glob.glob(os.path.join(alpr_dir, folder, "*.txt"))):
            fields = open(txt).read().strip().split("\t")
            part = part_of(folder, fields[0])
            if part == "test":
                continue
            grey = _read_grey(os.path.join(alpr_dir, folder, fields[0]))
            if grey is None or len(fields) < 6:
                continue
            box = np.array(list(map(float, fields[1:5])))
            s = min(1.0, BG_LONG_SIDE / max(grey.shape))
            if s < 1.0:
                grey = cv2.resize(grey, (round(grey.shape[1] * s), round(grey.shape[0] * s)), interpolation=cv2.INTER_AREA)
                box *= s
            (hold if part == "validation" else train).append(Photo(folder, fields[0], grey, box, fields[5]))
    return train, hold


def load_plate_bank(train_photos, alpr_dir=DEFAULT_ALPR):
    """Real plate images to paste: training us-crops and the plates of the training photos (grey)."""
    bank = []
    rows = sorted(csv.DictReader(open(os.path.join(alpr_dir, "us-crops/labels.csv"))), key=lambda r: r["image"])
    for r in rows:
        if part_of("us-crops", r["image"]) != "training":
            continue
        grey = _read_grey(os.path.join(alpr_dir, "us-crops", r["image"]))
        if grey is not None:
            bank.append(grey)
    for p in train_photos:
        x, y, w, h = [int(round(v)) for v in p.box]
        crop = p.grey[max(0, y):y + h, max(0, x):x + w]
        if crop.size and min(crop.shape) >= 8:
            bank.append(crop.copy())
    return bank


def letterbox(grey):
    """THE runtime preprocessing (native/alpr/plate-detect.ts): scale to fit IN_W x IN_H keeping the aspect ratio
    (area filter when shrinking), top-left aligned, grey 128 padding. Returns (canvas uint8, scale)."""
    h, w = grey.shape
    s = min(IN_W / w, IN_H / h)
    nw, nh = max(1, round(w * s)), max(1, round(h * s))
    canvas = np.full((IN_H, IN_W), GREY_PAD, np.uint8)
    canvas[:nh, :nw] = cv2.resize(grey, (nw, nh), interpolation=cv2.INTER_AREA if s < 1 else cv2.INTER_LINEAR)
    return canvas, s


def to_tensor(canvas):
    return torch.from_numpy(((canvas.astype(np.float32) / 255.0) - 0.5) / 0.5)[None]


# ---------------------------------------------------------------- composing a frame

def _view_of_photo(photo):
    """A random view (crop) of a training photo that keeps its labelled plate whole, as a grey image + box."""
    g = photo.grey
    H, W = g.shape
    x, y, w, h = photo.box
    if random.random() < 0.5:
        return g, [photo.box]
    # zoom in: a crop between the plate's box and the whole photo, aspect near the frame's
    cw = random.uniform(min(W, max(w * 2.5, W * 0.35)), W)
    ch = min(H, cw * random.uniform(0.45, 0.75))
    cw, ch = max(cw, w + 2), max(ch, h + 2)
    x0 = random.uniform(max(0, x + w - cw), min(x, W - cw)) if W > cw else 0
    y0 = random.uniform(max(0, y + h - ch), min(y, H - ch)) if H > ch else 0
    x0, y0 = int(max(0, x0)), int(max(0, y0))
    view = g[y0:int(y0 + ch), x0:int(x0 + cw)]
    return view, [np.array([x - x0, y - y0, w, h])]


def _textured_background():
    r = random.random()
    if r < 0.4:
        small = np.random.randint(0, 256, (random.randint(2, 12), random.randint(2, 20)), dtype=np.uint8)
        return cv2.resize(small, (IN_W, IN_H), interpolation=cv2.INTER_CUBIC)
    bg = np.full((IN_H, IN_W), random.randint(30, 220), np.uint8)
    for _ in range(random.randint(3, 12)):  # car-like blobs, bumpers, lane lines
        p1 = (random.randint(0, IN_W), random.randint(0, IN_H))
        p2 = (random.randint(0, IN_W), random.randint(0, IN_H))
        if random.random() < 0.5:
            cv2.rectangle(bg, p1, p2, random.randint(0, 255), -1)
        else:
            cv2.line(bg, p1, p2, random.randint(0, 255), random.randint(1, 6))
    return bg


def _paste(canvas, plate, target_w, taken):
    """Warps `plate` (grey) into the canvas at a random place, width about target_w px, with rotation, shear and
    perspective as a camera sees it, unless it would cover a plate in `taken`. Returns the axis-aligned box
    [x, y, w, h] of the pasted plate, or None when nothing was pasted."""
    ph, pw = plate.shape
    aspect = pw / ph * random.uniform(0.9, 1.1)
    tw = target_w
    th = tw / aspect
    if th < 6 or tw > IN_W * 0.9 or th > IN_H * 0.8:
        return None
    cx, cy = random.uniform(tw / 2, IN_W - tw / 2), random.uniform(th / 2, IN_H - th / 2)
    quad = np.array([[-tw / 2, -th / 2], [tw / 2, -th / 2], [tw / 2, th / 2], [-tw / 2, th / 2]], np.float32)
    a = np.deg2rad(random.uniform(-8, 8))
    rot = np.array([[np.cos(a), -np.sin(a)], [np.sin(a), np.cos(a)]], np.float32)
    shear = np.array([[1, random.uniform(-0.2, 0.2)], [0, 1]], np.float32)
    quad = quad @ (rot @ shear).T + np.array([cx, cy], np.float32)
    quad += np.random.uniform(-0.06, 0.06, (4, 2)).astype(np.float32) * np.array([tw, th], np.float32)
    x0, y0 = quad.min(0)
    x1, y1 = quad.max(0)
    x0, y0, x1, y1 = max(0, x0), max(0, y0), min(IN_W, x1), min(IN_H, y1)
    box = np.array([x0, y0, x1 - x0, y1 - y0])
    if x1 - x0 <= 4 or y1 - y0 <= 3 or any(_overlap(box, b) > 0.05 for b in taken):
        return None
    src = np.array([[0, 0], [pw, 0], [pw, ph], [0, ph]], np.float32)
    m = cv2.getPerspectiveTransform(src, quad)
    warped = cv2.warpPerspective(plate, m, (IN_W, IN_H), flags=cv2.INTER_AREA if tw < pw else cv2.INTER_LINEAR)
    mask = cv2.warpPerspective(np.full_like(plate, 255), m, (IN_W, IN_H), flags=cv2.INTER_LINEAR)
    if random.random() < 0.3:  # a plate is rarely the brightest thing: dim or brighten it against the scene
        warped = np.clip(warped.astype(np.float32) * random.uniform(0.5, 1.2), 0, 255).astype(np.uint8)
    alpha = mask.astype(np.float32) / 255.0
    canvas[:] = (canvas * (1 - alpha) + warped * alpha).astype(np.uint8)
    return box


_WORDS = ["PARKING", "EXIT", "Welcome", "STOP", "SALE", "Toyota", "FORD", "Honda", "Only", "Dealer", "Service",
          "AUTO", "OPEN", "Ave", "Street", "Florida", "Texas", "HOTEL", "PIZZA", "No Entry", "Motors", "Garage"]


def _distractor_text(canvas):
    """Text that is not a plate (signs, dealer names, bumper stickers): the detector must learn to pass it by."""
    for _ in range(random.randint(1, 4)):
        word = random.choice(_WORDS) if random.random() < 0.6 else "".join(
            random.choice(synth.LETTERS + synth.LETTERS.lower() + " ") for _ in range(random.randint(4, 12)))
        scale = random.uniform(0.4, 1.6)
        org = (random.randint(0, IN_W - 40), random.randint(15, IN_H))
        cv2.putText(canvas, word, org, random.choice([0, 1, 2, 3, 4, 6, 7]), scale, random.randint(0, 255),
                    random.randint(1, 3), cv2.LINE_AA)


def _plate_width():
    """Pasted plate width in frame pixels: mostly small (far US plates are ~20-40 px here), sometimes large."""
    return float(np.exp(random.uniform(np.log(18), np.log(200))))


class DetectorStream(IterableDataset):
    """Endless (tensor [1, IN_H, IN_W], boxes [k, 4] in frame pixels) pairs."""

    def __init__(self, photos, bank, seed=0, p_photo=0.8):
        self.photos, self.bank, self.seed, self.p_photo = photos, bank, seed, p_photo
        self.synthetic = []

    def _plate_image(self):
        r = random.random()
        if r < 0.45 or not self.bank:
            if len(self.synthetic) < 400 or random.random() < 0.25:  # rendering costs ~2 ms: reuse a pool
                rgb, _ = synth.render_random()
                grey = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)
                if len(self.synthetic) < 400:
                    self.synthetic.append(grey)
                else:
                    self.synthetic[random.randrange(400)] = grey
                return grey
            return random.choice(self.synthetic)
        return random.choice(self.bank)

    def sample(self):
        boxes = []
        if random.random() < self.p_photo:
            view, view_boxes = _view_of_photo(random.choice(self.photos))
            canvas, s = letterbox(view)
            if random.random() < 0.3:  # the padding is sometimes real scene (other aspect ratios, crops)
                pad = _textured_background()
                nh, nw = round(view.shape[0] * s), round(view.shape[1] * s)
                pad[:nh, :nw] = canvas[:nh, :nw]
                canvas = pad
            boxes += [b * s for b in view_boxes]
            n_paste = random.choices([0, 1, 2], [0.5, 0.35, 0.15])[0]
        else:
            canvas = _textured_background()
            n_paste = random.choices([0, 1, 2, 3], [0.1, 0.5, 0.3, 0.1])[0]
        if random.random() < 0.35:
            _distractor_text(canvas)
        for _ in range(n_paste):
            box = _paste(canvas, self._plate_image(), _plate_width(), boxes)
            if box is not None:
                boxes.append(box)
        canvas = photometric(canvas)
        return canvas, np.array(boxes, np.float32).reshape(-1, 4)

    def __iter__(self):
        info = torch.utils.data.get_worker_info()
        s = self.seed * 1000 + (info.id if info else 0) + random.randint(0, 10 ** 6)
        random.seed(s)
        np.random.seed(s % (2 ** 31))
        while True:
            try:
                canvas, boxes = self.sample()
            except Exception as e:  # a rare bad random draw must not end training
                print("sample error:", repr(e), flush=True)
                continue
            yield to_tensor(canvas), torch.from_numpy(boxes)


def _overlap(a, b):
    """Intersection over the smaller box's area."""
    ix = max(0.0, min(a[0] + a[2], b[0] + b[2]) - max(a[0], b[0]))
    iy = max(0.0, min(a[1] + a[3], b[1] + b[3]) - max(a[1], b[1]))
    return ix * iy / max(1e-6, min(a[2] * a[3], b[2] * b[3]))


# ---------------------------------------------------------------- targets

def targets(boxes):
    """CenterNet targets for one frame: Gaussian heatmap [1, HM_H, HM_W] (elliptical, shaped like the plate),
    box regression [4, HM_H, HM_W] and its mask [1, HM_H, HM_W] (1 at each plate's centre cell)."""
    heat = np.zeros((HM_H, HM_W), np.float32)
    reg = np.zeros((4, HM_H, HM_W), np.float32)
    mask = np.zeros((HM_H, HM_W), np.float32)
    ys, xs = np.mgrid[0:HM_H, 0:HM_W].astype(np.float32)
    for x, y, w, h in boxes:
        cx, cy = (x + w / 2) / STRIDE, (y + h / 2) / STRIDE
        ix, iy = min(HM_W - 1, int(cx)), min(HM_H - 1, int(cy))
        sx, sy = max(0.7, w / STRIDE / 6), max(0.7, h / STRIDE / 6)
        g = np.exp(-(((xs - ix) / sx) ** 2 + ((ys - iy) / sy) ** 2) / 2)
        heat = np.maximum(heat, g)
        heat[iy, ix] = 1.0
        reg[:, iy, ix] = [cx - ix, cy - iy, np.log(max(w, 1) / STRIDE), np.log(max(h, 1) / STRIDE)]
        mask[iy, ix] = 1.0
    return torch.from_numpy(heat[None]), torch.from_numpy(reg), torch.from_numpy(mask[None])


def collate(batch):
    imgs = torch.stack([b[0] for b in batch])
    t = [targets(b[1].numpy()) for b in batch]
    return imgs, torch.stack([x[0] for x in t]), torch.stack([x[1] for x in t]), torch.stack([x[2] for x in t]), [b[1] for b in batch]


def decode(heat, box, threshold=0.3, top_k=5):
    """Boxes [x, y, w, h, score] in frame (letterbox) pixels from one frame's outputs (numpy [1,H,W], [4,H,W]):
    the runtime's decoding (native/alpr/plate-detect.ts) in Python, for evaluation."""
    h = heat[0]
    pooled = cv2.dilate(h, np.ones((3, 3), np.uint8))
    peaks = np.argwhere((h >= pooled) & (h >= threshold))
    out = []
    for iy, ix in peaks:
        dx, dy, lw, lh = box[:, iy, ix]
        w, hh = np.exp(lw) * STRIDE, np.exp(lh) * STRIDE
        cx, cy = (ix + dx) * STRIDE, (iy + dy) * STRIDE
        out.append([cx - w / 2, cy - hh / 2, w, hh, float(h[iy, ix])])
    out.sort(key=lambda b: -b[4])
    return out[:top_k]
