import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { boundaryOf, MjpegStreamError, MultipartParser } from './mjpeg-parser';

const part = (body: Buffer, withLength: boolean) =>
  Buffer.concat([Buffer.from(`--frame\r\nContent-Type: image/jpeg\r\n${withLength ? `Content-Length: ${body.length}\r\n` : ''}\r\n`), body, Buffer.from('\r\n')]);

/** Bodies that contain CRLFs, dashes and even "--fram": a parser must not be fooled by look-alikes. */
const bodies = [Buffer.from('\xff\xd8first\r\n--fram\xff\xd9', 'latin1'), Buffer.from('\xff\xd8second body\xff\xd9', 'latin1'), Buffer.alloc(3000, 7)];

function feed(stream: Buffer, cuts: number[]): Buffer[] {
  const parser = new MultipartParser('frame');
  const out: Buffer[] = [];
  let from = 0;
  for (const at of [...cuts.sort((a, b) => a - b), stream.length]) {
    out.push(...parser.push(stream.subarray(from, at)));
    from = at;
  }
  return out;
}

describe('boundaryOf', () => {
  it('reads the boundary, quoted or not, with or without the leading dashes', () => {
    expect(boundaryOf('multipart/x-mixed-replace; boundary=frame')).toBe('frame');
    expect(boundaryOf('multipart/x-mixed-replace;boundary="--myboundary"')).toBe('myboundary');
  });

  it('refuses a response that is not a multipart stream', () => {
    expect(() => boundaryOf('text/html')).toThrow('not an MJPEG stream: Content-Type is "text/html"');
    expect(() => boundaryOf(undefined)).toThrow(/Content-Type is "missing"/);
    expect(() => boundaryOf('multipart/x-mixed-replace')).toThrow(/without a boundary/);
  });
});

describe('MultipartParser', () => {
  for (const withLength of [true, false]) {
    it(`splits parts ${withLength ? 'by Content-Length' : 'by boundary only'}, wherever the chunks are cut`, () => {
      // Without Content-Length a part is known complete only when the next boundary arrives.
      const stream = Buffer.concat([Buffer.from('preamble\r\n'), ...bodies.map((b) => part(b, withLength)), Buffer.from('--frame\r\n')]);
      fc.assert(
        fc.property(fc.array(fc.nat(stream.length), { maxLength: 12 }), (cuts) => {
          expect(feed(stream, cuts)).toEqual(bodies);
        }),
        { numRuns: 200 },
      );
    });
  }

  it('refuses a stream without boundaries once it is bigger than a frame can be', () => {
    const parser = new MultipartParser('frame', 1024);
    expect(() => parser.push(Buffer.alloc(20_000, 65))).toThrow(MjpegStreamError);
  });

  it('refuses a part announcing more than the limit', () => {
    const parser = new MultipartParser('frame', 1024);
    expect(() => parser.push(Buffer.from('--frame\r\nContent-Length: 999999\r\n\r\n'))).toThrow(/over the 1024-byte limit/);
  });
});
