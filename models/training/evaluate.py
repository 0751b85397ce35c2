"""Holdout evaluation (greedy CTC) per folder: exact match, character accuracy (1 - edit distance / label
length) and exact match when the letter O and the digit 0 count as the same (the lane matcher tolerates that).

Usage: /usr/bin/python3 models/training/evaluate.py CHECKPOINT.pt|RECOGNIZER.onnx [--json out.json]
"""
import argparse
import json

import numpy as np
import torch

import data
from model import PlateCRNN
from onnx_init import load_onnx_weights

MARGINS = (0.0, 0.05, 0.1, 0.15)


def greedy(logits):
    """logits [N,T,C] -> list of strings: argmax, collapse repeats, drop blanks (the runtime's decoder)."""
    best = logits.argmax(-1).cpu().numpy()
    out = []
    for row in best:
        s, prev = [], 0
        for k in row:
            if k != prev and k != 0:
                s.append(data.ALPHABET[k - 1])
            prev = k
        out.append("".join(s))
    return out


def edit_distance(a, b):
    d = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        prev, d[0] = d[0], i
        for j, cb in enumerate(b, 1):
            prev, d[j] = d[j], min(d[j] + 1, d[j - 1] + 1, prev + (ca != cb))
    return d[-1]


def crops_for(items, margin=0.0):
    out = []
    for it in items:
        x, y, w, h = it.box
        mx, my = int(round(w * margin)), int(round(h * margin))
        r = it.region
        x0, y0 = max(0, x - mx), max(0, y - my)
        x1, y1 = min(r.shape[1], x + w + mx), min(r.shape[0], y + h + my)
        out.append(r[y0:y1, x0:x1])
    return out


@torch.no_grad()
def predict(model, crops, bs=128):
    model.eval()
    preds = []
    for i in range(0, len(crops), bs):
        x = torch.from_numpy(np.stack([data.preprocess(c) for c in crops[i:i + bs]]))
        preds += greedy(model(x.to(next(model.parameters()).device)))
    return preds


def evaluate(model, items, margin=0.0):
    preds = predict(model, crops_for(items, margin))
    res = {}
    for f in ["us-crops", "us", "eu", "br", "all"]:
        idx = [i for i, it in enumerate(items) if f == "all" or it.folder == f]
        if not idx:
            continue
        exact = sum(preds[i] == items[i].label for i in idx)
        chars = sum(len(items[i].label) for i in idx)
        errs = sum(min(edit_distance(preds[i], items[i].label), len(items[i].label)) for i in idx)
        o0 = sum(preds[i].replace("O", "0") == items[i].label.replace("O", "0") for i in idx)
        res[f] = {"n": len(idx), "exact": round(exact / len(idx), 4), "char": round(1 - errs / chars, 4),
                  "exact_O_eq_0": round(o0 / len(idx), 4)}
    return res, preds


def load(path):
    """A checkpoint (.pt), or an exported recogniser (.onnx: a shipped model or a soup, which have no checkpoint)."""
    if path.endswith(".onnx"):
        m = PlateCRNN()
        load_onnx_weights(m, path)
        m.eval()
        return m, {}
    ck = torch.load(path, map_location="cpu")
    m = PlateCRNN(**ck.get("model_cfg", {}))
    m.load_state_dict(ck["model"])
    m.eval()
    return m, ck


def evaluate_margins(model, items=None):
    """evaluate() on the validation crops at each box margin, keyed as evaluate.py --json writes them."""
    if items is None:
        _, items = data.load_real()
    return {f"margin{margin}": evaluate(model, items, margin)[0] for margin in MARGINS}


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("checkpoint")
    ap.add_argument("--json")
    a = ap.parse_args()
    torch.set_num_threads(2)
    model, ck = load(a.checkpoint)
    _, hold = data.load_real()
    out = evaluate_margins(model, hold)
    for key, res in out.items():
        print(f"box {key}:", json.dumps(res))
    res, preds = evaluate(model, hold, 0.0)
    print("\nerrors (exact box):")
    for it, p in zip(hold, preds):
        if p != it.label:
            print(f"  {it.folder:9s} {it.name:45s} label={it.label:10s} read={p}")
    print("\nlabels known wrong, measured against their plates (native/alpr/label-errata.ts, via the split file):")
    for (folder, image, label), plate in sorted(data.errata().items()):
        where = next(("validation" for it in hold if (it.folder, it.name) == (folder, image)), "training or test")
        print(f"  {folder}/{image} label={label} plate={plate} ({where})")
    if a.json:
        json.dump(out, open(a.json, "w"), indent=1)
