// Tuning experiment (not committed): margins / threshold on the TRAINING part of ../shared/alpr only.
import { readFileSync } from 'node:fs';
import { listLabelled, regionsForFolder } from '/work/main/native/alpr/evaluate';
import { decodeImage } from '/work/main/native/alpr/image/decode';
import { PlatePipeline } from '/work/main/native/alpr/pipeline';
const which = process.argv[2] ?? 'train';
const items = listLabelled('/work/shared/alpr').filter((i) => (which === 'train' ? i.index % 5 !== 4 : i.index % 5 === 4));
const frames = await Promise.all(items.map(async (i) => ({ ...(await decodeImage(readFileSync(i.image))), capturedAt: 0 })));
const configs: Record<string, object> = JSON.parse(process.argv[3] ?? '{}');
for (const [name, extra] of Object.entries(configs)) {
  const pipes = new Map<string, PlatePipeline>();
  const per: Record<string, [number, number]> = {};
  const ms: number[] = [];
  for (const [k, item] of items.entries()) {
    const regions = regionsForFolder(item.folder);
    let p = pipes.get(regions.join());
    if (!p) pipes.set(regions.join(), (p = await PlatePipeline.create({ recognizer: 'plate', regions, threads: 1, ...extra })));
    const r = await p.read(frames[k]!);
    ms.push(r.processingMs);
    const t = (per[item.folder] ??= [0, 0]);
    t[1]++;
    if (r.plates[0]?.text === item.plate) t[0]++;
  }
  for (const p of pipes.values()) await p.close();
  const all = Object.values(per).reduce((a, b) => [a[0] + b[0], a[1] + b[1]], [0, 0]);
  ms.sort((a, b) => a - b);
  console.log(name, (all[0] / all[1]).toFixed(3), Object.entries(per).map(([f, [c, n]]) => `${f} ${(c / n).toFixed(3)}`).join(' '), 'median', ms[ms.length >> 1], 'p95', ms[Math.floor(ms.length * 0.95)]);
}
