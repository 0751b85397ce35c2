"""Train the plate detector (PlateNet, CenterNet-style) within a time budget, with checkpoints to resume from.

Usage (see README.md):
  OPENBLAS_NUM_THREADS=1 nohup nice -n 19 /usr/bin/python3 models/training/train_detector.py --minutes 70 \
    --workdir /tmp/plate-detector --threads 1 > /tmp/plate-detector/train.log 2>&1 &
Resume after a stop: the same command with --resume /tmp/plate-detector/last.pt (the time already spent counts
against --minutes, so the learning-rate schedule carries on where it was).
The holdout photos are evaluated for monitoring only (no model selection on them): recall of the labelled plate
by the best box (IoU >= 0.5) and by any of the top 3.
"""
import argparse
import json
import math
import os
import random
import time

import numpy as np
import torch
import torch.nn.functional as F

import detector_data as dd
from detector_model import PlateNet, n_params


def focal_loss(pred, gt):
    """CenterNet's penalty-reduced focal loss on the heatmap."""
    pred = pred.clamp(1e-4, 1 - 1e-4)
    pos = gt.eq(1).float()
    neg = 1 - pos
    pos_loss = torch.log(pred) * (1 - pred) ** 2 * pos
    neg_loss = torch.log(1 - pred) * pred ** 2 * (1 - gt) ** 4 * neg
    n = pos.sum().clamp(min=1)
    return -(pos_loss.sum() + neg_loss.sum()) / n


def box_loss(pred, reg, mask):
    n = mask.sum().clamp(min=1)
    return (F.l1_loss(pred * mask, reg * mask, reduction="sum")) / n


def iou(a, b):
    ix = max(0.0, min(a[0] + a[2], b[0] + b[2]) - max(a[0], b[0]))
    iy = max(0.0, min(a[1] + a[3], b[1] + b[3]) - max(a[1], b[1]))
    inter = ix * iy
    return inter / max(1e-6, a[2] * a[3] + b[2] * b[3] - inter)


def evaluate(model, photos):
    """Per folder: recall of the labelled plate by the top box and by any of the top 3 (IoU >= 0.5), mean IoU of
    the best match, and the number of extra boxes per photo."""
    model.eval()
    res = {}
    with torch.no_grad():
        for p in photos:
            canvas, s = dd.letterbox(p.grey)
            heat, box = model(dd.to_tensor(canvas)[None])
            boxes = dd.decode(heat[0].numpy(), box[0].numpy())
            truth = p.box * s
            ious = [iou(b, truth) for b in boxes]
            r = res.setdefault(p.folder, {"n": 0, "top1": 0, "top3": 0, "iou_sum": 0.0, "extra": 0})
            r["n"] += 1
            r["top1"] += int(bool(ious) and ious[0] >= 0.5)
            r["top3"] += int(any(v >= 0.5 for v in ious[:3]))
            r["iou_sum"] += max(ious, default=0.0)
            r["extra"] += sum(1 for v in ious if v < 0.5)
    total = {"n": 0, "top1": 0, "top3": 0, "iou_sum": 0.0, "extra": 0}
    for r in res.values():
        for k in total:
            total[k] += r[k]
    res["all"] = total
    out = {k: {"n": r["n"], "top1": round(r["top1"] / r["n"], 4), "top3": round(r["top3"] / r["n"], 4),
               "mean_iou": round(r["iou_sum"] / r["n"], 3), "extra_per_photo": round(r["extra"] / r["n"], 2)}
           for k, r in res.items()}
    model.train()
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--minutes", type=float, default=70)
    ap.add_argument("--steps", type=int, help="budget in optimiser steps instead of --minutes: the schedule then "
                                              "does not depend on how busy the machine is")
    ap.add_argument("--workdir", default="/tmp/plate-detector")
    ap.add_argument("--batch", type=int, default=16)
    ap.add_argument("--lr", type=float, default=3e-3)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--workers", type=int, default=0)
    ap.add_argument("--eval-every-min", type=float, default=8)
    ap.add_argument("--resume")
    ap.add_argument("--seed", type=int, default=0)
    a = ap.parse_args()
    os.makedirs(a.workdir, exist_ok=True)
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    random.seed(a.seed)
    np.random.seed(a.seed)

    train, hold = dd.load_photos()
    bank = dd.load_plate_bank(train)
    print(f"photos train {len(train)}, holdout {len(hold)}, plate bank {len(bank)}", flush=True)
    model = PlateNet()
    print("params", n_params(model), flush=True)
    opt = torch.optim.AdamW(model.parameters(), lr=a.lr, weight_decay=1e-4)
    step, seen, spent = 0, 0, 0.0
    if a.resume:
        ck = torch.load(a.resume, map_location="cpu")
        model.load_state_dict(ck["model"])
        opt.load_state_dict(ck["opt"])
        step, seen, spent = ck["step"], ck["seen"], ck["elapsed_s"]
        print(f"resumed at step {step}, {spent / 60:.1f} min spent", flush=True)
    dl = torch.utils.data.DataLoader(dd.DetectorStream(train, bank, seed=a.seed + step), batch_size=a.batch,
                                     num_workers=a.workers, collate_fn=dd.collate)
    budget = a.minutes * 60
    t0 = time.time() - spent
    last_eval = time.time()
    ema = None
    log = open(os.path.join(a.workdir, "metrics.jsonl"), "a")

    def save(tag):
        ck = {"model": model.state_dict(), "opt": opt.state_dict(), "step": step, "seen": seen,
              "elapsed_s": time.time() - t0}
        torch.save(ck, os.path.join(a.workdir, tag + ".tmp"))
        os.replace(os.path.join(a.workdir, tag + ".tmp"), os.path.join(a.workdir, tag))

    def report(final=False):
        res = evaluate(model, hold)
        line = {"step": step, "seen": seen, "loss": ema, "elapsed_s": round(time.time() - t0), "holdout": res}
        if final:
            line["final"] = True
        print("holdout", json.dumps(line), flush=True)
        log.write(json.dumps(line) + "\n")
        log.flush()

    model.train()
    for imgs, heat_t, reg_t, mask_t, _ in dl:
        frac = step / a.steps if a.steps else (time.time() - t0) / budget
        if frac >= 1:
            break
        warm = 0.03
        lr = a.lr * (frac / warm if frac < warm else 0.02 + 0.98 * 0.5 * (1 + math.cos(math.pi * (frac - warm) / (1 - warm))))
        for g in opt.param_groups:
            g["lr"] = lr
        heat, box = model(imgs)
        loss = focal_loss(heat, heat_t) + box_loss(box, reg_t, mask_t)
        opt.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 5.0)
        opt.step()
        step += 1
        seen += imgs.shape[0]
        ema = loss.item() if ema is None else 0.98 * ema + 0.02 * loss.item()
        if step % 25 == 0:
            el = time.time() - t0
            print(f"step {step} seen {seen} loss {ema:.3f} lr {lr:.2e} {el / 60:.1f} min", flush=True)
        if step % 100 == 0:
            save("last.pt")
        if time.time() - last_eval > a.eval_every_min * 60:
            last_eval = time.time()
            report()
            save("last.pt")
    save("last.pt")
    report(final=True)
    os._exit(0)


if __name__ == "__main__":
    main()
