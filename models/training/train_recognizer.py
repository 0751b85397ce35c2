"""Train the plate recogniser (CTC) on synthetic plates + augmented real training crops, within a time budget.

Usage (see README.md):
  OPENBLAS_NUM_THREADS=1 nice -n 10 /usr/bin/python3 models/training/train_recognizer.py --minutes 77 \
    --workdir /tmp/plate-recognizer --threads 1 --eval-every-min 6
Checkpoints: WORKDIR/last.pt (every eval), WORKDIR/step_N.pt. The learning rate follows a warm-up + cosine
schedule over the time budget, so the last checkpoint is the one to export. The holdout is evaluated for
monitoring only (no model selection on it).
"""
import argparse
import json
import math
import os
import random
import time

import numpy as np
import torch

import data
from evaluate import evaluate
from model import PlateCRNN, n_params


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--minutes", type=float, default=70)
    ap.add_argument("--steps", type=int, help="budget in optimiser steps instead of --minutes: the schedule then "
                                              "does not depend on how busy the machine is")
    ap.add_argument("--workdir", default="/tmp/plate-recognizer")
    ap.add_argument("--batch", type=int, default=64)
    ap.add_argument("--lr", type=float, default=2e-3)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--p-real", type=float, default=0.35)
    ap.add_argument("--eval-every-min", type=float, default=5)
    ap.add_argument("--resume", help="checkpoint .pt: model + optimiser state, then a fresh schedule over --minutes")
    ap.add_argument("--init-onnx", help="start from the weights of an exported recogniser ONNX (e.g. the committed "
                                        "models/plate-recognizer.onnx) when its .pt is gone; fresh optimiser")
    ap.add_argument("--width", type=int, nargs=4, help="conv channels of a wider model (default: model.py's); with "
                                                     "--init-onnx the committed model is widened into it (widen.py)")
    ap.add_argument("--hidden", type=int, help="LSTM units per direction of a wider model (default: model.py's)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu",
                    help="where the model trains (default: cuda when there is one); the data stays on the CPU workers")
    a = ap.parse_args()
    os.makedirs(a.workdir, exist_ok=True)
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    random.seed(a.seed)
    np.random.seed(a.seed)

    train_items, hold = data.load_real()
    print(f"real train {len(train_items)}, holdout {len(hold)}", flush=True)
    cfg = {k: v for k, v in (("width", a.width), ("hidden", a.hidden)) if v}
    model = PlateCRNN(**cfg)
    print("params", n_params(model), flush=True)
    step, seen = 0, 0
    ck = torch.load(a.resume, map_location="cpu") if a.resume else None
    if ck:
        model.load_state_dict(ck["model"])
        print(f"resumed from {a.resume} (step {ck.get('step')}, seen {ck.get('seen')})", flush=True)
    elif a.init_onnx:
        from onnx_init import load_onnx_weights  # on the CPU: it calibrates the BatchNorms on real crops there
        if cfg:
            from widen import widen
            widen(load_onnx_weights(PlateCRNN(), a.init_onnx), model)
        else:
            load_onnx_weights(model, a.init_onnx)
        print(f"initialised from {a.init_onnx}", flush=True)
    model.to(a.device)
    # The optimiser after the move, its state loaded into it there: AdamW keeps its moments on the params' device.
    opt = torch.optim.AdamW(model.parameters(), lr=a.lr, weight_decay=1e-4)
    if ck:
        opt.load_state_dict(ck["opt"])
    ctc = torch.nn.CTCLoss(blank=0, zero_infinity=True)
    dl = torch.utils.data.DataLoader(data.MixedStream(train_items, p_real=a.p_real, seed=a.seed),
                                     batch_size=a.batch, num_workers=a.workers, collate_fn=data.collate,
                                     prefetch_factor=8 if a.workers else 2, persistent_workers=bool(a.workers))
    budget = a.minutes * 60
    t0 = time.time()
    last_eval = t0
    ema = None
    log = open(os.path.join(a.workdir, "metrics.jsonl"), "a")

    def save(tag):
        ck = {"model": {k: v.cpu() for k, v in model.state_dict().items()}, "opt": opt.state_dict(), "model_cfg": cfg, "step": step, "seen": seen,
              "elapsed_s": time.time() - t0, "start": a.resume or a.init_onnx or "scratch", "args": vars(a)}
        torch.save(ck, os.path.join(a.workdir, tag + ".tmp"))
        os.replace(os.path.join(a.workdir, tag + ".tmp"), os.path.join(a.workdir, tag))

    model.train()
    for imgs, targets, lengths, labels in dl:
        frac = step / a.steps if a.steps else (time.time() - t0) / budget
        if frac >= 1:
            break
        warm = 0.03
        lr = a.lr * (frac / warm if frac < warm else 0.02 + 0.98 * 0.5 * (1 + math.cos(math.pi * (frac - warm) / (1 - warm))))
        for g in opt.param_groups:
            g["lr"] = lr
        logits = model(imgs.to(a.device, non_blocking=True))  # N,T,C
        lp = logits.log_softmax(2).permute(1, 0, 2)           # T,N,C
        il = torch.full((imgs.shape[0],), lp.shape[0], dtype=torch.long)
        # CTC on the CPU: its float32 loss matches the CPU runs', and a batch of 64 short labels costs little there.
        loss = ctc(lp.float().cpu(), targets, il, lengths)
        opt.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 5.0)
        opt.step()
        step += 1
        seen += imgs.shape[0]
        ema = loss.item() if ema is None else 0.98 * ema + 0.02 * loss.item()
        if step % 50 == 0:
            el = time.time() - t0
            print(f"step {step} seen {seen} loss {ema:.3f} lr {lr:.2e} {seen / el:.0f} crops/s {el / 60:.1f} min",
                  flush=True)
        if time.time() - last_eval > a.eval_every_min * 60:
            last_eval = time.time()
            res, _ = evaluate(model, hold)
            model.train()
            print("holdout", json.dumps(res), flush=True)
            log.write(json.dumps({"step": step, "seen": seen, "loss": ema, "elapsed_s": time.time() - t0,
                                  "holdout": res}) + "\n")
            log.flush()
            save("last.pt")
            if step // 1 and (time.time() - t0) > 0:
                save(f"step_{step}.pt")
    save("last.pt")
    res, _ = evaluate(model, hold)
    el = time.time() - t0
    summary = {"step": step, "seen": seen, "elapsed_s": el, "crops_per_s": seen / el, "loss": ema, "holdout": res,
               "final": True}
    log.write(json.dumps(summary) + "\n")
    print("final", json.dumps(summary), flush=True)
    os._exit(0)  # do not wait for the endless data worker


if __name__ == "__main__":
    main()
