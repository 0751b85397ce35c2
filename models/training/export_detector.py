"""Export a PlateNet checkpoint to models/plate-detector.onnx (opset 13), check it against torch, measure it on
the split's validation part, and write/merge its entry in models/manifest.json.

Usage: /usr/bin/python3 models/training/export_detector.py /tmp/plate-detector/last.pt
"""
import argparse
import hashlib
import json
import os
import subprocess

import numpy as np
import onnx
import torch

import detector_data as dd
from detector_model import IN_H, IN_W, STRIDE, PlateNet, n_params
from train_detector import evaluate

HERE = os.path.dirname(os.path.abspath(__file__))
MODELS = os.environ.get("PLATE_MODELS_DIR", os.path.dirname(HERE))  # override to try an export elsewhere
ONNX_PATH = os.path.join(MODELS, "plate-detector.onnx")
MANIFEST = os.path.join(MODELS, "manifest.json")
PREPROCESS = (f"Grey (0.299 R + 0.587 G + 0.114 B, 8-bit); scale to fit {IN_W}x{IN_H} keeping the aspect ratio "
              "(area filter when shrinking), top-left aligned, pad right/bottom with grey 128; "
              "x = (pixel/255 - 0.5) / 0.5. NCHW float32 [1,1,H,W], H and W multiples of 32 (trained at 256x448).")
POSTPROCESS = (f"heatmap [1,1,H/{STRIDE},W/{STRIDE}]: probability of a plate centre per {STRIDE}x{STRIDE} "
               "cell; keep 3x3 local maxima above a threshold. box [1,4,H,W] at a peak: dx, dy (centre offset in "
               f"cells), log(w/{STRIDE}), log(h/{STRIDE}) (box size in input pixels); divide by the letterbox scale "
               "for frame pixels. The box is the whole plate, axis-aligned.")


def export(model, path):
    model.eval()
    # H and W stay free (multiples of 32): the runtime may letterbox into a larger canvas for small far plates.
    axes = {"image": {2: "H", 3: "W"}, "heatmap": {2: "H/4", 3: "W/4"}, "box": {2: "H/4", 3: "W/4"}}
    torch.onnx.export(model, torch.zeros(1, 1, IN_H, IN_W), path, input_names=["image"],
                      output_names=["heatmap", "box"], opset_version=13, do_constant_folding=True, dynamic_axes=axes)
    onnx.checker.check_model(onnx.load(path))


def max_diff_against_onnxruntime(model, path, photos):
    """onnxruntime (python) is not installed here; the runtime check is native/alpr/plate-detect.test.ts. This
    compares torch with the exported graph through onnx's reference evaluator when available."""
    try:
        from onnx.reference import ReferenceEvaluator
    except ImportError:
        return None
    canvas, _ = dd.letterbox(photos[0].grey)
    x = dd.to_tensor(canvas)[None].numpy()
    with torch.no_grad():
        heat, _ = model(torch.from_numpy(x))
    (ref_heat, _) = ReferenceEvaluator(path).run(None, {"image": x})
    return float(np.abs(ref_heat - heat.numpy()).max())


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("checkpoint")
    a = ap.parse_args()
    torch.set_num_threads(1)
    ck = torch.load(a.checkpoint, map_location="cpu")
    model = PlateNet()
    model.load_state_dict(ck["model"])
    model.eval()
    export(model, ONNX_PATH)
    train, hold = dd.load_photos()
    holdout = evaluate(model, hold)
    diff = max_diff_against_onnxruntime(model, ONNX_PATH, hold)
    blob = open(ONNX_PATH, "rb").read()
    commit = subprocess.run(["git", "-C", HERE, "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
    entry = {
        "id": "plate-detector",
        "file": "plate-detector.onnx",
        "kind": "detector",
        "role": "detector",
        "sha256": hashlib.sha256(blob).hexdigest(),
        "bytes": len(blob),
        "params": n_params(model),
        "opset": 13,
        "input": {"name": "image", "dtype": "float32", "shape": [1, 1, "H", "W"], "trainedAt": [IN_H, IN_W],
                  "preprocess": PREPROCESS, "stride": STRIDE},
        "output": {"name": "heatmap", "shape": [1, 1, "H/4", "W/4"], "kind": "CenterNet heatmap + box",
                   "postprocess": POSTPROCESS},
        "source": f"trained here: models/training (train_detector.py; tree at commit {commit} + these files)",
        "license": "project's own",
        "trainedOn": ("the training part of ../shared/alpr us/, eu/, br/ by the split rule (native/alpr/evaluate.ts "
                      "splitPart: the test and validation parts never trained on) with their labelled boxes, plus "
                      "composites: synthetic plates "
                      "(synth.py), training us-crops and plates cut from training photos pasted with perspective "
                      "onto those photos and onto textured backgrounds, non-plate text as distractors"),
        "training": {"steps": ck.get("step"), "frames_seen": ck.get("seen"),
                     "minutes": round(ck.get("elapsed_s", 0) / 60, 1)},
        "accuracy": {"holdout": holdout,
                     "note": "the split's validation part (never trained on; what models are chosen on): top1/top3 = the labelled plate is the best "
                             "box / among the best 3 with IoU >= 0.5 (threshold 0.3); extra = other boxes per photo"},
    }
    if diff is not None:
        entry["export_check_max_abs_diff"] = diff
    man = json.load(open(MANIFEST)) if os.path.exists(MANIFEST) else {"models": []}
    man["models"] = [m for m in man["models"] if m.get("id") != "plate-detector"] + [entry]
    with open(MANIFEST + ".tmp", "w") as f:
        json.dump(man, f, indent=2)
        f.write("\n")
    os.replace(MANIFEST + ".tmp", MANIFEST)
    print(json.dumps({"holdout": holdout["all"], "bytes": len(blob), "diff": diff}), "->", ONNX_PATH)


if __name__ == "__main__":
    main()
