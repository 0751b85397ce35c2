"""Export a checkpoint to models/plate-recognizer.onnx (opset 13, dynamic batch), check it, and write/merge the
entry in models/manifest.json.

Usage: /usr/bin/python3 models/training/export_onnx.py CHECKPOINT.pt [--eval-json holdout.json] [--trained-on TEXT]
                                                      [--soup-with OTHER.onnx [--soup-weight 0.5]]
Then:  node models/training/verify_onnx.cjs   (from the repo root: onnxruntime-node vs. torch on sample crops)

--soup-with: the exported weights are averaged with another export of the same architecture (a "model soup"):
used when the checkpoint was fine-tuned from OTHER (train_recognizer.py --init-onnx OTHER), where the average of
the start and a point of a fine-tuning run generalises better than either. The average is taken on the exported
(BatchNorm-folded) weights, and the sample logits for verify_onnx come from the soup itself.
"""
import argparse
import hashlib
import json
import os
import subprocess

import onnx
import torch

import data
from evaluate import evaluate_margins, load
from model import PlateCRNN, n_params
from onnx import numpy_helper
from onnx_init import load_onnx_weights

HERE = os.path.dirname(os.path.abspath(__file__))
MODELS = os.path.dirname(HERE)
MODELS = os.environ.get("PLATE_MODELS_DIR", MODELS)  # override to try an export without touching models/
ONNX_PATH = os.path.join(MODELS, "plate-recognizer.onnx")
MANIFEST = os.path.join(MODELS, "manifest.json")
PREPROCESS = ("Crop the plate box from the frame (the detector's box as is). Convert to grayscale "
              "(0.299 R + 0.587 G + 0.114 B, 8-bit). Stretch-resize to exactly 128 wide x 32 high (no padding, "
              "aspect ratio not kept) with bilinear interpolation (area/box filter is fine when shrinking by more "
              "than 2x). x = (pixel/255 - 0.5) / 0.5, i.e. [-1, 1]. Layout NCHW float32 [N,1,32,128], row-major, "
              "row 0 = top of the plate.")
POSTPROCESS = ("logits [N,32,37] raw scores: softmax over the last axis; greedy CTC: argmax per time step, "
               "collapse repeats, drop class 0 (blank); class k>=1 is alphabet[k-1]. Confidence suggestion: "
               "product (or min) over emitted characters of their max softmax probability.")


def export(model, path):
    model.eval()
    dummy = torch.zeros(1, 1, data.H, data.W)
    torch.onnx.export(model, dummy, path, input_names=["image"], output_names=["logits"], opset_version=13,
                      dynamic_axes={"image": {0: "N"}, "logits": {0: "N"}}, do_constant_folding=True)
    m = onnx.load(path)
    onnx.checker.check_model(m)
    return m


def soup(path, other_blob, weight):
    """Averages the float weights of the export at `path` with those of another export (same graph): in place."""
    mine, other = onnx.load(path), onnx.load_from_string(other_blob)
    theirs = {i.name: numpy_helper.to_array(i) for i in other.graph.initializer}
    for init in mine.graph.initializer:
        x, y = numpy_helper.to_array(init), theirs[init.name]
        if x.shape != y.shape:
            raise SystemExit(f"--soup-with: {init.name} is {y.shape} there, {x.shape} here: not the same architecture")
        if x.dtype.kind == "f":
            init.CopyFrom(numpy_helper.from_array(((1 - weight) * x + weight * y).astype(x.dtype), init.name))
    onnx.checker.check_model(mine)
    onnx.save(mine, path)


def sample_inputs(n=16):
    """Deterministic real holdout crops, preprocessed: used to compare onnxruntime-node against torch."""
    _, hold = data.load_real()
    items = hold[::max(1, len(hold) // n)][:n]
    return data.preprocess_exact_crops(items)


def accuracy_entry(ev):
    """The manifest's crop-level figures from evaluate.py's per-margin results."""
    return {"holdout": ev.get("margin0.0", ev),
            "holdout_box_grown_5pct_per_side": ev.get("margin0.05"),
            "holdout_box_grown_10pct_per_side": ev.get("margin0.1"),
            "holdout_box_grown_15pct_per_side": ev.get("margin0.15"),
            "note": "greedy CTC, exact match and character accuracy on the crops of the split's validation part "
                    "(never trained on; what models are chosen on); 'holdout' = exact ground-truth boxes, the "
                    "others = that box grown on each side (us-crops are whole images and cannot grow)"}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("checkpoint")
    ap.add_argument("--eval-json", help="holdout figures from evaluate.py --json")
    ap.add_argument("--trained-on", default="")
    ap.add_argument("--soup-with", help="an exported recogniser ONNX to average the weights with (see above)")
    ap.add_argument("--soup-weight", type=float, default=0.5, help="the other model's share of the average")
    a = ap.parse_args()
    if a.soup_with and a.eval_json:
        ap.error("--eval-json holds the checkpoint's figures, not the soup's: leave it out and the soup is measured")
    torch.set_num_threads(2)
    model, ck = load(a.checkpoint)
    other_blob = open(a.soup_with, "rb").read() if a.soup_with else None  # before the export may overwrite it
    export(model, ONNX_PATH)
    if other_blob is not None:
        soup(ONNX_PATH, other_blob, a.soup_weight)
        model = PlateCRNN(**ck.get("model_cfg", {}))
        load_onnx_weights(model, ONNX_PATH)
        model.eval()
    x = sample_inputs()
    with torch.no_grad():
        y = model(torch.from_numpy(x)).numpy()
    vdir = "/tmp/plate-recognizer-verify"
    os.makedirs(vdir, exist_ok=True)
    x.tofile(os.path.join(vdir, "input.f32"))
    y.tofile(os.path.join(vdir, "torch_logits.f32"))
    json.dump({"input_shape": list(x.shape), "logits_shape": list(y.shape)}, open(os.path.join(vdir, "shapes.json"), "w"))
    blob = open(ONNX_PATH, "rb").read()
    try:
        commit = subprocess.run(["git", "-C", HERE, "rev-parse", "--short", "HEAD"], capture_output=True,
                                text=True).stdout.strip()
    except Exception:
        commit = "?"
    entry = {
        "id": "plate-recognizer",
        "file": "plate-recognizer.onnx",
        "kind": "recognizer",
        "role": "recognizer",
        "sha256": hashlib.sha256(blob).hexdigest(),
        "bytes": len(blob),
        "params": n_params(model),
        "opset": 13,
        "input": {"name": "image", "dtype": "float32", "shape": [-1, 1, data.H, data.W], "preprocess": PREPROCESS,
                  "resize": "stretch to 128x32, bilinear", "grayscale": "0.299R+0.587G+0.114B",
                  "scale": 1 / 255, "mean": 0.5, "std": 0.5},
        "output": {"name": "logits", "dtype": "float32", "shape": [-1, int(y.shape[1]), int(y.shape[2])],
                   "postprocess": POSTPROCESS},
        "alphabet": data.ALPHABET,
        "blank": 0,
        "source": f"trained here: models/training (train_recognizer.py; tree at commit {commit} + these files)",
        "license": "project's own",
        "trainedOn": a.trained_on or ("synthetic US/EU/BR plates (models/training/synth.py) + augmented real "
                                      "training crops from ../shared/alpr (us-crops, us, eu, br; every 5th file "
                                      "by sorted name held out)"),
        "training": {"steps": ck.get("step"), "crops_seen": ck.get("seen"),
                     "minutes": round(ck.get("elapsed_s", 0) / 60, 1)},
    }
    if other_blob is not None:
        entry["training"]["soup"] = {"with_sha256": hashlib.sha256(other_blob).hexdigest(), "with_weight": a.soup_weight,
                                     "note": "weights averaged with that export (export_onnx.py --soup-with)"}
    if a.eval_json:
        entry["accuracy"] = accuracy_entry(json.load(open(a.eval_json)))
    elif other_blob is not None:
        # A soup has no checkpoint for evaluate.py to read: the averaged model itself is measured.
        entry["accuracy"] = accuracy_entry(evaluate_margins(model))
    man = {"models": []}
    if os.path.exists(MANIFEST):
        man = json.load(open(MANIFEST))
        man.setdefault("models", [])
    man["models"] = [m for m in man["models"] if m.get("id") != "plate-recognizer"] + [entry]
    with open(MANIFEST + ".tmp", "w") as f:
        json.dump(man, f, indent=2)
        f.write("\n")
    os.replace(MANIFEST + ".tmp", MANIFEST)
    print(json.dumps({k: entry[k] for k in ("sha256", "bytes", "params")}), "->", ONNX_PATH)


if __name__ == "__main__":
    main()
