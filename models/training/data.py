"""Data for the plate recogniser: real crops (with a fixed holdout), synthetic plates, augmentation, and the
exact preprocessing the runtime must reproduce.

Photos are read from ../shared/alpr (never copied into the repository).
"""
import csv
import glob
import io
import json
import os
import pickle
import random

import cv2
import numpy as np
import torch
from torch.utils.data import IterableDataset

import synth

ALPHABET = synth.ALPHABET
H, W = 32, 128
CHAR2IDX = {c: i + 1 for i, c in enumerate(ALPHABET)}  # 0 = CTC blank
DEFAULT_ALPR = os.environ.get("ALPR_DIR", os.path.join(os.path.dirname(__file__), "../../../shared/alpr"))


def normalise(label):
    return "".join(c for c in label.upper() if c in CHAR2IDX)


def encode(label):
    return [CHAR2IDX[c] for c in label]


def preprocess(gray_crop):
    """THE runtime preprocessing (keep in sync with manifest.json): grayscale uint8 crop (any size) ->
    float32 [1, 32, 128]: stretch-resize to 128x32 with bilinear interpolation (cv2.INTER_LINEAR / sharp's
    'bilinear'; for big downscales INTER_AREA is also fine), then x/255, then (x-0.5)/0.5, i.e. range [-1, 1].
    Grayscale = 0.299 R + 0.587 G + 0.114 B."""
    img = cv2.resize(gray_crop, (W, H), interpolation=cv2.INTER_AREA if gray_crop.shape[0] > 2 * H
                     else cv2.INTER_LINEAR)
    x = img.astype(np.float32) / 255.0
    return ((x - 0.5) / 0.5)[None]


def preprocess_exact_crops(items):
    """float32 [N, 1, 32, 128]: the real items' exact labelled crops, preprocessed (checks and calibration)."""
    return np.stack([preprocess(it.exact_crop()) for it in items]).astype(np.float32)


def to_gray(bgr):
    return cv2.cvtColor(bgr, cv2.COLOR_BGR2GRAY)


# ---------------------------------------------------------------- real data, fixed holdout

SPLIT_FILE = os.environ.get("ALPR_SPLIT", os.path.join(os.path.dirname(__file__), "../../.train/split.json"))
_split = None
_errata = None


def _load_split():
    global _split, _errata
    if _split is None:
        if not os.path.exists(SPLIT_FILE):
            raise SystemExit(f"{SPLIT_FILE} missing: write it with `npx tsx electron/cli/lotkeeper.ts alpr split "
                             f"../shared/alpr --json > .train/split.json`")
        written = json.load(open(SPLIT_FILE))
        if "errata" not in written:
            raise SystemExit(f"{SPLIT_FILE} predates the label errata (it would train on labels known wrong): write it "
                             f"again with `npx tsx electron/cli/lotkeeper.ts alpr split ../shared/alpr --json > .train/split.json`")
        _split = {(e["folder"], e["image"]): e["part"] for e in written["entries"]}
        _errata = {(e["folder"], e["image"], e["label"]): e["plate"] for e in written["errata"]}


def part_of(folder, image):
    """THE split's part of an item ('test', 'validation', 'training'): native/alpr/evaluate.ts splitPart, written by
    `npx tsx electron/cli/lotkeeper.ts alpr split ../shared/alpr --json > .train/split.json` (ALPR_SPLIT overrides
    the path) so that the rule lives in one place. Test items are never loaded here; an item the file does not list
    counts as test (never trained on)."""
    _load_split()
    return _split.get((folder, image), "test")


def errata():
    """{(folder, image, label): plate} for the labels known wrong (the split file's copy of label-errata.ts)."""
    _load_split()
    return dict(_errata)


def plate_shown(folder, image, label):
    """What the photo's plate shows: its label, or the plate native/alpr/label-errata.ts gives for a label known wrong
    (written into the split file by `alpr split`), so the recogniser learns the plate, never the typing mistake."""
    _load_split()
    return _errata.get((folder, image, label), label)


class RealItem:
    """A grayscale region around a plate, the plate's box inside it, and the label."""

    def __init__(self, folder, name, region, box, label):
        self.folder, self.name, self.region, self.box, self.label = folder, name, region, box, label

    def exact_crop(self):
        x, y, w, h = self.box
        return self.region[y:y + h, x:x + w]


def load_real(alpr_dir=DEFAULT_ALPR):
    """Returns (train, validation) lists of RealItem for folders us-crops, us, eu, br by the split (part_of); the
    test part is never loaded, and a label known wrong is replaced by the plate it stands for (plate_shown). With
    REAL_PACK set (a file pack_for_device.py wrote on a machine that has ../shared/alpr), the same lists come from
    it: a device machine gets no ../shared."""
    pack = os.environ.get("REAL_PACK")
    if pack:
        return unpack_real(pack)
    train, hold = [], []
    # us-crops: tight crops, the whole image is the plate
    rows = list(csv.DictReader(open(os.path.join(alpr_dir, "us-crops/labels.csv"))))
    rows.sort(key=lambda r: r["image"])
    for r in rows:
        part = part_of("us-crops", r["image"])
        if part == "test":
            continue
        img = cv2.imread(os.path.join(alpr_dir, "us-crops", r["image"]), cv2.IMREAD_GRAYSCALE)
        if img is None:
            continue
        it = RealItem("us-crops", r["image"], img, (0, 0, img.shape[1], img.shape[0]),
                      plate_shown("us-crops", r["image"], normalise(r["plate"])))
        (hold if part == "validation" else train).append(it)
    for folder in ("us", "eu", "br"):
        txts = sorted(glob.glob(os.path.join(alpr_dir, folder, "*.txt")))
        for t in txts:
            line = open(t).read().strip().split("\t")
            name, x, y, w, h, label = line[0], *map(int, line[1:5]), line[5]
            part = part_of(folder, name)
            if part == "test":
                continue
            img = cv2.imread(os.path.join(alpr_dir, folder, name), cv2.IMREAD_GRAYSCALE)
            if img is None:
                continue
            # keep a region of 1 box size around the plate (context for jittered crops)
            x0, y0 = max(0, x - w), max(0, y - h)
            x1, y1 = min(img.shape[1], x + 2 * w), min(img.shape[0], y + 2 * h)
            region = img[y0:y1, x0:x1].copy()
            # downscale huge regions (br photos are big) so augmentation stays cheap
            s = min(1.0, 160.0 / max(h, 1))
            box = [x - x0, y - y0, w, h]
            if s < 1.0:
                region = cv2.resize(region, (max(1, int(region.shape[1] * s)), max(1, int(region.shape[0] * s))),
                                    interpolation=cv2.INTER_AREA)
                box = [int(round(v * s)) for v in box]
            it = RealItem(folder, name, region, tuple(box), plate_shown(folder, name, normalise(label)))
            (hold if part == "validation" else train).append(it)
    return train, hold


def pack_real(train, hold, path):
    """Writes the real items (regions as PNG: 27 MB for all, against 46 raw) for a machine without ../shared/alpr."""
    def packed(items):
        return [(it.folder, it.name, cv2.imencode(".png", it.region)[1].tobytes(), it.box, it.label) for it in items]
    with open(path, "wb") as f:
        pickle.dump({"train": packed(train), "hold": packed(hold)}, f)


def unpack_real(path):
    with open(path, "rb") as f:
        pack = pickle.load(f)

    def items(rows):
        return [RealItem(folder, name, cv2.imdecode(np.frombuffer(png, np.uint8), cv2.IMREAD_GRAYSCALE), box, label)
                for folder, name, png, box, label in rows]
    return items(pack["train"]), items(pack["hold"])


# ---------------------------------------------------------------- augmentation

def _rand_bg(h, w):
    """Background around a synthetic plate: car-body-like flat colour, gradient or noise texture."""
    r = random.random()
    if r < 0.4:
        bg = np.full((h, w), random.randint(0, 255), np.uint8)
    elif r < 0.7:
        g = np.linspace(random.randint(0, 255), random.randint(0, 255), h)[:, None]
        bg = np.broadcast_to(g, (h, w)).astype(np.uint8).copy()
    else:
        small = np.random.randint(0, 256, (max(2, h // 8), max(2, w // 8)), dtype=np.uint8)
        bg = cv2.resize(small, (w, h), interpolation=cv2.INTER_CUBIC)
    if random.random() < 0.3:  # bumper/frame lines
        for _ in range(random.randint(1, 3)):
            y = random.randint(0, h - 1)
            cv2.line(bg, (0, y), (w - 1, y + random.randint(-5, 5)), random.randint(0, 255), random.randint(1, 4))
    return bg


def warp_crop(canvas, quad, out_scale, rot_deg=10.0, persp=0.08, jitter=(-0.06, 0.18), border=cv2.BORDER_REPLICATE):
    """Geometric augmentation: rotate/perspective-distort the plate quad, take its axis-aligned bounding box as
    a detector would, jitter each side of that box, and resample the box to (32*out_scale, 128*out_scale)."""
    quad = np.asarray(quad, np.float32)
    c = quad.mean(0)
    pw = np.linalg.norm(quad[1] - quad[0])
    ph = np.linalg.norm(quad[3] - quad[0])
    a = np.deg2rad(random.uniform(-rot_deg, rot_deg))
    R = np.array([[np.cos(a), -np.sin(a)], [np.sin(a), np.cos(a)]], np.float32)
    sh = random.uniform(-0.15, 0.15)  # shear (camera yaw makes plates lean)
    S = np.array([[1, sh], [0, 1]], np.float32)
    dst = (quad - c) @ (R @ S).T + c
    dst += np.random.uniform(-persp, persp, (4, 2)).astype(np.float32) * np.array([pw, ph], np.float32)
    Hm = cv2.getPerspectiveTransform(quad, dst.astype(np.float32))
    # axis-aligned box of the warped plate, jittered per side (loose or tight detector boxes)
    x0, y0 = dst.min(0)
    x1, y1 = dst.max(0)
    bw, bh = x1 - x0, y1 - y0
    x0 -= random.uniform(*jitter) * bw
    x1 += random.uniform(*jitter) * bw
    y0 -= random.uniform(*jitter) * bh
    y1 += random.uniform(*jitter) * bh
    ow, oh = max(8, int(round(W * out_scale))), max(4, int(round(H * out_scale)))
    src_box = np.array([[x0, y0], [x1, y0], [x1, y1], [x0, y1]], np.float32)
    out_box = np.array([[0, 0], [ow, 0], [ow, oh], [0, oh]], np.float32)
    A = cv2.getPerspectiveTransform(src_box, out_box)
    M = A @ Hm
    return cv2.warpPerspective(canvas, M, (ow, oh), flags=cv2.INTER_LINEAR, borderMode=border)


def photometric(img):
    """Blur, motion blur, noise, JPEG, glare, shadow, night, contrast/gamma, low resolution. uint8 gray in/out."""
    img = img.astype(np.float32)
    h, w = img.shape
    # contrast / brightness / gamma
    lo, hi = np.percentile(img, 2), np.percentile(img, 98)
    if random.random() < 0.5 and hi - lo > 10:
        img = (img - lo) / (hi - lo) * 255
    c = random.uniform(0.6, 1.2)
    img = (img - 128) * c + 128 + random.uniform(-35, 35)
    img = np.clip(img, 0, 255)
    if random.random() < 0.3:
        img = 255 * (img / 255) ** random.uniform(0.5, 2.0)
    if random.random() < 0.2:  # shadow: darken a half-plane
        xs = np.arange(w)[None, :]
        ys = np.arange(h)[:, None]
        ang = random.uniform(0, 2 * np.pi)
        d = (xs - random.uniform(0, w)) * np.cos(ang) + (ys - random.uniform(0, h)) * np.sin(ang)
        img = np.where(d > 0, img * random.uniform(0.35, 0.75), img)
    if random.random() < 0.15:  # glare: bright elliptical blob
        cx, cy = random.uniform(0, w), random.uniform(0, h)
        sx, sy = random.uniform(0.1, 0.5) * w, random.uniform(0.2, 0.8) * h
        xs = np.arange(w)[None, :]
        ys = np.arange(h)[:, None]
        g = np.exp(-(((xs - cx) / sx) ** 2 + ((ys - cy) / sy) ** 2))
        img = img + g * random.uniform(60, 200)
    night = random.random() < 0.07
    if night:
        img = img * random.uniform(0.25, 0.5)
    img = np.clip(img, 0, 255)
    # blur
    r = random.random()
    if r < 0.25:
        k = random.choice([3, 5])
        img = cv2.GaussianBlur(img, (k, k), random.uniform(0.5, 1.5))
    elif r < 0.4:  # motion blur
        k = random.randint(3, 7)
        ker = np.zeros((k, k), np.float32)
        if random.random() < 0.7:
            ker[k // 2, :] = 1
        else:
            ker[:, k // 2] = 1
        M = cv2.getRotationMatrix2D((k / 2 - 0.5, k / 2 - 0.5), random.uniform(-30, 30), 1)
        ker = cv2.warpAffine(ker, M, (k, k))
        img = cv2.filter2D(img, -1, ker / max(ker.sum(), 1e-3))
    # noise
    if random.random() < 0.5 or night:
        img = img + np.random.normal(0, random.uniform(2, 12 if not night else 15), img.shape)
    img = np.clip(img, 0, 255).astype(np.uint8)
    # JPEG artefacts
    if random.random() < 0.25:
        ok, enc = cv2.imencode(".jpg", img, [cv2.IMWRITE_JPEG_QUALITY, random.randint(20, 75)])
        if ok:
            img = cv2.imdecode(enc, cv2.IMREAD_GRAYSCALE)
    if random.random() < 0.05:
        img = 255 - img  # some plates are light-on-dark
    return img


def _out_scale():
    """Resolution the crop is resampled at before being resized to 32x128: low-res cases (down to ~12-20 px
    high) simulate small far plates; high-res cases let the final resize do the anti-aliasing."""
    r = random.random()
    if r < 0.25:
        return random.uniform(0.55, 0.8)
    if r < 0.7:
        return random.uniform(0.8, 1.3)
    return random.uniform(1.3, 3.0)


def augment_synthetic(rgb, label):
    gray = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)
    ph, pw = gray.shape
    py, px = int(ph * 0.6), int(pw * 0.3)
    canvas = _rand_bg(ph + 2 * py, pw + 2 * px)
    canvas[py:py + ph, px:px + pw] = gray
    quad = [[px, py], [px + pw, py], [px + pw, py + ph], [px, py + ph]]
    img = warp_crop(canvas, quad, _out_scale())
    img = photometric(img)
    return img


def augment_real(item):
    x, y, w, h = item.box
    quad = [[x, y], [x + w, y], [x + w, y + h], [x, y + h]]
    tight = item.folder == "us-crops"
    img = warp_crop(item.region, quad, _out_scale(), rot_deg=6.0, persp=0.05,
                    jitter=(-0.06, 0.06) if tight else (-0.12, 0.2))
    return photometric(img)


def finish(img):
    return torch.from_numpy(preprocess(img))


class MixedStream(IterableDataset):
    """Endless stream of (tensor[1,32,128], label) mixing synthetic plates and augmented real training crops."""

    def __init__(self, real_items, p_real=0.35, seed=0):
        self.real = real_items
        self.p_real = p_real
        self.seed = seed
        by = {}
        for it in real_items:
            by.setdefault(it.folder, []).append(it)
        self.by = by
        # sampling weight per folder among real items
        self.folder_w = {"us-crops": 0.42, "us": 0.28, "eu": 0.18, "br": 0.12}

    def __iter__(self):
        info = torch.utils.data.get_worker_info()
        wid = info.id if info else 0
        s = self.seed * 1000 + wid + random.randint(0, 10 ** 6)
        random.seed(s)
        np.random.seed(s % (2 ** 31))
        folders = [f for f in self.folder_w if f in self.by]
        fw = [self.folder_w[f] for f in folders]
        cached = None
        while True:
            try:
                if self.real and random.random() < self.p_real:
                    f = random.choices(folders, fw)[0]
                    it = random.choice(self.by[f])
                    img, label = augment_real(it), it.label
                else:
                    # each rendered plate is used twice (different augmentations): rendering is the costly part
                    if cached is None:
                        cached = synth.render_random()
                        rgb, label = cached
                    else:
                        (rgb, label), cached = cached, None
                    img = augment_synthetic(rgb, label)
                if not label:
                    continue
                yield finish(img), label
            except Exception as e:  # a rare bad random draw must not kill training
                print("sample error:", repr(e), flush=True)
                continue


def collate(batch):
    imgs = torch.stack([b[0] for b in batch])
    labels = [b[1] for b in batch]
    targets = torch.tensor([i for l in labels for i in encode(l)], dtype=torch.long)
    lengths = torch.tensor([len(l) for l in labels], dtype=torch.long)
    return imgs, targets, lengths, labels
