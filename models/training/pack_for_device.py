"""Packs what a recogniser run needs onto a machine that has neither ../shared/alpr nor Debian's fonts: the device
machine (one GPU, 16 cores, nothing reachable; the `run` tool copies the working tree and the paths named in
`carry`). Writes, under OUT (default .device/, which .gitignore keeps out of the repository):

  real.pkl   the training and validation parts' real items (load_real; never the test part), regions as PNG
  fonts/     the fonts synth.py draws plates with
  start.pt   the checkpoint to carry on from (--start a .pt: its optimiser and schedule too), or
  start.onnx the exported recogniser to start from (--start a .onnx, e.g. models/plate-recognizer.onnx: the shipped
             soup, which has no checkpoint of its own; weights only)

Then, in one `run` call (carry [".device"]), models/training/device_run.sh trains and leaves the checkpoint and its
log in $OUT. Usage:
  /usr/bin/python3 models/training/pack_for_device.py --start models/plate-recognizer.onnx
"""
import argparse
import os
import shutil

import data
import synth


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default=os.path.join(os.path.dirname(__file__), "../../.device"))
    ap.add_argument("--start", help="checkpoint .pt to carry on from on the device, or a recogniser .onnx to start from")
    a = ap.parse_args()
    os.makedirs(os.path.join(a.out, "fonts"), exist_ok=True)
    train, hold = data.load_real()
    data.pack_real(train, hold, os.path.join(a.out, "real.pkl"))
    fonts = sorted(set(synth.MAIN_FONTS + synth.US_FONTS + synth.SMALL_FONTS))
    for font in fonts:
        shutil.copy(font, os.path.join(a.out, "fonts", os.path.basename(font)))
    for stale in ("start.pt", "start.onnx"):
        if os.path.exists(os.path.join(a.out, stale)):
            os.remove(os.path.join(a.out, stale))
    if a.start:
        kind = os.path.splitext(a.start)[1]
        if kind not in (".pt", ".onnx"):
            raise SystemExit(f"--start must be a .pt checkpoint or a .onnx recogniser, not {a.start}")
        shutil.copy(a.start, os.path.join(a.out, "start" + kind))
    size = sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(a.out) for f in fs)
    print(f"{a.out}: {len(train)} training and {len(hold)} validation items, {len(fonts)} fonts, "
          f"{'start ' + a.start if a.start else 'no start checkpoint'}; {size / 2**20:.1f} MiB (the run tool carries 64)")


if __name__ == "__main__":
    main()
