// Loads models/plate-recognizer.onnx with onnxruntime-node and compares its logits with torch's on the sample
// crops written by export_onnx.py. Run from the repo root: node models/training/verify_onnx.cjs
const fs = require('fs');
const path = require('path');
const ort = require('onnxruntime-node');

(async () => {
  const dir = process.env.VERIFY_DIR || '/tmp/plate-recognizer-verify';
  const shapes = JSON.parse(fs.readFileSync(path.join(dir, 'shapes.json'), 'utf8'));
  const readF32 = (f) => { const b = fs.readFileSync(path.join(dir, f)); return new Float32Array(b.buffer, b.byteOffset, b.length / 4); };
  const x = readF32('input.f32');
  const ref = readF32('torch_logits.f32');
  const session = await ort.InferenceSession.create(process.env.PLATE_ONNX || path.join(__dirname, '..', 'plate-recognizer.onnx'));
  console.log('inputs', session.inputNames, 'outputs', session.outputNames);
  const t0 = process.hrtime.bigint();
  const out = await session.run({ image: new ort.Tensor('float32', x, shapes.input_shape) });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  const y = out.logits;
  let maxDiff = 0;
  for (let i = 0; i < ref.length; i++) maxDiff = Math.max(maxDiff, Math.abs(ref[i] - y.data[i]));
  const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
  const [N, T, C] = y.dims;
  const reads = [];
  for (let n = 0; n < N; n++) {
    let s = '', prev = 0;
    for (let t = 0; t < T; t++) {
      let best = 0;
      for (let c = 1; c < C; c++) if (y.data[(n * T + t) * C + c] > y.data[(n * T + t) * C + best]) best = c;
      if (best !== prev && best !== 0) s += alphabet[best - 1];
      prev = best;
    }
    reads.push(s);
  }
  // single-image latency (batch 1)
  const one = new ort.Tensor('float32', x.slice(0, 32 * 128), [1, 1, 32, 128]);
  const times = [];
  for (let i = 0; i < 50; i++) { const t = process.hrtime.bigint(); await session.run({ image: one }); times.push(Number(process.hrtime.bigint() - t) / 1e6); }
  times.sort((a, b) => a - b);
  console.log(JSON.stringify({ dims: y.dims, maxAbsDiffVsTorch: maxDiff, batchMs: ms, batch1MedianMs: times[25], batch1P95Ms: times[47], reads }));
  if (maxDiff > 1e-3) { console.error('MISMATCH'); process.exit(1); }
})().catch((e) => { console.error(e); process.exit(1); });
