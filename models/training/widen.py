"""Grow a trained PlateCRNN into a wider one that computes exactly the same logits, so that a larger recogniser can
start from the committed one instead of from scratch (hours of CPU): "function-preserving widening".

Every old weight is copied into the top-left of its wider tensor. The new channels and hidden units get a fresh
random init for what flows INTO them, and zeros for what flows OUT of them into old units (the next conv's input
columns, the LSTM's input and recurrent columns, the linear layer's columns): the old units see nothing new, so the
output is unchanged, while the gradient on those zero weights is not zero (it is the new unit's activation times the
old unit's error), so training starts using the new capacity at once.

Check: `python3 widen.py models/plate-recognizer.onnx --width 24 48 96 160 --hidden 128 [--out wide.pt]` prints the
largest logit difference between the two on real holdout crops (eval mode); --out writes a checkpoint that
evaluate.py and export_onnx.py take like any other.
"""
import argparse
import sys

import torch

from model import PlateCRNN


def _grow(new, old, zero_in_cols=None):
    """Copies `old` into the leading corner of `new` (in place); optionally zeroes new[:old_rows, zero_in_cols]."""
    new[tuple(slice(0, s) for s in old.shape)] = old
    if zero_in_cols is not None:
        new[: old.shape[0], zero_in_cols] = 0


def _widen_features(small, wide):
    convs = [(m, n) for m, n in zip(small.features.modules(), wide.features.modules()) if isinstance(m, torch.nn.Conv2d)]
    bns = [(m, n) for m, n in zip(small.features.modules(), wide.features.modules()) if isinstance(m, torch.nn.BatchNorm2d)]
    for (c_old, c_new), (b_old, b_new) in zip(convs, bns):
        _grow(c_new.weight.data, c_old.weight.data, zero_in_cols=slice(c_old.in_channels, None))
        for name in ("weight", "bias", "running_mean", "running_var"):
            _grow(getattr(b_new, name).data, getattr(b_old, name).data)


def _widen_gates(new, old, h_old, h_new, zero_in_cols):
    """LSTM tensors are 4 gate blocks (i, f, g, o) stacked on dim 0: grow each block on its own."""
    for k in range(4):
        block = new[k * h_new:(k + 1) * h_new]
        _grow(block, old[k * h_old:(k + 1) * h_old], zero_in_cols)


def _widen_rnn(small, wide):
    h_old, h_new = small.rnn.hidden_size, wide.rnn.hidden_size
    for suffix in ("_l0", "_l0_reverse"):
        for kind, zero_cols in (("weight_ih", slice(small.rnn.input_size, None)), ("weight_hh", slice(h_old, None)),
                                ("bias_ih", None), ("bias_hh", None)):
            _widen_gates(getattr(wide.rnn, kind + suffix).data, getattr(small.rnn, kind + suffix).data, h_old, h_new,
                         zero_cols)
    fc_old, fc_new = small.fc.weight.data, wide.fc.weight.data
    fc_new.zero_()
    fc_new[:, :h_old] = fc_old[:, :h_old]                   # forward direction's units
    fc_new[:, h_new:h_new + h_old] = fc_old[:, h_old:]      # backward direction's units
    wide.fc.bias.data.copy_(small.fc.bias.data)


def widen(small, wide):
    """Makes the freshly initialised, wider PlateCRNN `wide` compute `small`'s logits (in place; returns it)."""
    with torch.no_grad():
        _widen_features(small, wide)
        _widen_rnn(small, wide)
    return wide


def main():
    import data
    from onnx_init import load_onnx_weights
    ap = argparse.ArgumentParser()
    ap.add_argument("onnx")
    ap.add_argument("--width", type=int, nargs=4, required=True)
    ap.add_argument("--hidden", type=int, required=True)
    ap.add_argument("--out")
    a = ap.parse_args()
    torch.set_num_threads(1)
    small = load_onnx_weights(PlateCRNN(), a.onnx).eval()
    # seed 0, then the wide model first: the same random init as train_recognizer.py --seed 0, so --out is exactly
    # that run's start (the partner for export_onnx.py --soup-with)
    torch.manual_seed(0)
    wide = widen(small, PlateCRNN(width=tuple(a.width), hidden=a.hidden)).eval()
    _, hold = data.load_real()
    x = torch.from_numpy(data.preprocess_exact_crops(hold[:64]))
    with torch.no_grad():
        diff = float((small(x) - wide(x)).abs().max())
    print(f"max |logit diff| small vs widened: {diff:.2e}")
    if a.out:
        cfg = {"width": list(a.width), "hidden": a.hidden}
        torch.save({"model": wide.state_dict(), "model_cfg": cfg, "step": 0, "seen": 0, "start": a.onnx}, a.out)
    sys.exit(0 if diff < 1e-4 else 1)


if __name__ == "__main__":
    main()
