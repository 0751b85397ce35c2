/**
 * opencv-wasm, loaded once per thread (about 250 ms: keep it out of the main process). Its typings are `any`; this
 * file keeps the few Mat helpers the reader needs in one place, and every Mat is deleted by whoever made it.
 */
import { cv } from 'opencv-wasm';
import type { Frame, Point } from './reader';

export { cv };

export type Mat = InstanceType<typeof cv.Mat>;

/** The frame as an RGB Mat (RGBA frames are converted). */
export function frameToMat(frame: Frame): Mat {
  const channels = frame.channels ?? 3;
  const mat = new cv.Mat(frame.height, frame.width, channels === 4 ? cv.CV_8UC4 : cv.CV_8UC3);
  mat.data.set(frame.data);
  if (channels === 3) return mat;
  const rgb = new cv.Mat();
  cv.cvtColor(mat, rgb, cv.COLOR_RGBA2RGB);
  mat.delete();
  return rgb;
}

export function resize(src: Mat, width: number, height: number): Mat {
  const dst = new cv.Mat();
  cv.resize(src, dst, new cv.Size(width, height), 0, 0, width * height < src.cols * src.rows ? cv.INTER_AREA : cv.INTER_LINEAR);
  return dst;
}

/** Rectifies the quadrilateral (TL, TR, BR, BL) of `src` into an upright width x height image. */
export function warpQuad(src: Mat, quad: readonly Point[], width: number, height: number): Mat {
  const from = cv.matFromArray(4, 1, cv.CV_32FC2, quad.flatMap((p) => [p.x, p.y]));
  const to = cv.matFromArray(4, 1, cv.CV_32FC2, [0, 0, width, 0, width, height, 0, height]);
  const transform = cv.getPerspectiveTransform(from, to);
  const dst = new cv.Mat();
  cv.warpPerspective(src, dst, transform, new cv.Size(width, height), cv.INTER_LINEAR, cv.BORDER_REPLICATE, new cv.Scalar());
  from.delete();
  to.delete();
  transform.delete();
  return dst;
}
