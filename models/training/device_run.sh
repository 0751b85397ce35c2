#!/usr/bin/env bash
# One recogniser run on the device machine (one GPU, 16 cores), in one `run` call with carry [".device"] after
# pack_for_device.py wrote .device/ here. Leaves the checkpoint (last.pt), its log and metrics in $OUT, which the tool
# brings back (at most 8 files: one checkpoint, not one per evaluation). Example, 8 minutes of training:
#   bash models/training/device_run.sh 8 --lr 1e-3 --p-real 0.35
# then here: evaluate.py / export_onnx.py / alpr calibrate / alpr eval --part validation on the returned last.pt, as
# for any run (README.md).
set -euo pipefail
minutes=$1
shift
out=${OUT:-.device/out}
mkdir -p "$out"
python=${PYTHON:-python3}  # the device's python3 holds PyTorch; here Debian's is /usr/bin/python3
export REAL_PACK=.device/real.pkl PLATE_FONTS_DIR=.device/fonts PYTHONUNBUFFERED=1
start=()
if [ -f .device/start.pt ]; then start=(--resume .device/start.pt); fi
if [ -f .device/start.onnx ]; then start=(--init-onnx .device/start.onnx); fi
"$python" -c 'import torch; print("torch", torch.__version__, "cuda", torch.cuda.is_available(), torch.cuda.get_device_name(0) if torch.cuda.is_available() else "")'
# 14 data workers render the synthetic plates (the CPU side is what limits a run); evaluations only at the end.
"$python" models/training/train_recognizer.py --minutes "$minutes" --workdir "$out" --threads 2 --workers 14 \
  --eval-every-min 1000 "${start[@]}" "$@" 2>&1 | tee "$out/train.log"
