import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_VOTE, PlateVote, voteOn, type FramePlate } from './plate-vote';

const read = (text: string, confidence = 0.95, weak: Record<number, number> = {}): FramePlate => ({
  text,
  confidence,
  charConfidences: [...text].map((_, i) => weak[i] ?? confidence),
});

describe('voteOn: the character-wise vote', () => {
  it('recovers a plate that no single frame read right, from the per-character confidences', () => {
    // Each frame gets one different character wrong, and is unsure of exactly that character.
    const voted = voteOn([read('AB12CDF', 0.9, { 6: 0.3 }), read('A812CDE', 0.9, { 1: 0.35 }), read('AB12CDE', 0.8)]);
    expect(voted.key).toBe('AB12CDE');
    expect(voted.voteAgreed).toBe(true);
    expect(voted.frames).toBe(3);
    expect(voted.rivals).toEqual(['AB12CDF', 'A812CDE']);
  });

  it('says the frames disagree when a different plate carries real weight', () => {
    const voted = voteOn([read('AB12CDE'), read('XY99ZZZ'), read('AB12CDE')]);
    expect(voted.key).toBe('AB12CDE');
    expect(voted.voteAgreed).toBe(false);
  });

  it('counts OCR look-alikes as the same plate, not as rivals', () => {
    expect(voteOn([read('AB10CDE'), read('AB1OCDE', 0.6, { 3: 0.3 }), read('AB10CDE')]).voteAgreed).toBe(true);
  });

  it('picks the length most of the weight agrees on (a missed character in one frame)', () => {
    expect(voteOn([read('AB12CD', 0.5), read('AB12CDE'), read('AB12CDE')]).key).toBe('AB12CDE');
  });

  it('keeps confidence within 0..1, never above the frames, and lowers it for a contested character', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ text: fc.stringMatching(/^[A-Z0-9]{2,8}$/), confidence: fc.double({ min: 0, max: 1, noNaN: true }) }), { minLength: 1, maxLength: 8 }), (frames) => {
        const voted = voteOn(frames.map((f) => read(f.text, f.confidence)));
        expect(voted.confidence).toBeGreaterThanOrEqual(0);
        expect(voted.confidence).toBeLessThanOrEqual(Math.max(...frames.map((f) => f.confidence)) + 1e-3);
      }),
    );
    const clean = voteOn([read('AB12CDE'), read('AB12CDE')]).confidence;
    const contested = voteOn([read('AB12CDE'), read('AB12CDF')]).confidence;
    expect(contested).toBeLessThan(clean);
  });

  it('refuses an empty vote', () => {
    expect(() => voteOn([])).toThrow(/at least one read/);
  });
});

describe('PlateVote: one report per vehicle', () => {
  it('reports a read sure of every character at once, and does not report the same car again', () => {
    const vote = new PlateVote();
    expect(vote.add(read('AB12CDE', 0.99), 0)).toMatchObject({ key: 'AB12CDE', frames: 1, voteAgreed: true });
    expect(vote.add(read('AB12CDE', 0.99), 100)).toBeNull();
    expect(new PlateVote().add(read('AB12CDE', 0.99, { 3: 0.8 }), 0)).toBeNull();
  });

  it('reports as soon as two frames agree', () => {
    const vote = new PlateVote({ ...DEFAULT_VOTE, instant: null });
    expect(vote.add(read('AB12CDE'), 0)).toBeNull();
    expect(vote.add(null, 100)).toBeNull();
    expect(vote.add(read('AB12CDE'), 200)).toMatchObject({ key: 'AB12CDE', voteAgreed: true, frames: 2 });
  });

  it('reports what it has when the window passes, on a tick', () => {
    const vote = new PlateVote();
    vote.add(read('AB12CDE', 0.7), 0);
    vote.add(read('AB12CDF', 0.6, { 6: 0.2 }), 300);
    expect(vote.flush(1_000)).toBeNull();
    expect(vote.flush(1_500)).toMatchObject({ key: 'AB12CDE', frames: 2 });
    expect(vote.flush(1_600)).toBeNull();
  });

  it('does not report a car standing in the lane twice, but does once it has been gone a while', () => {
    const vote = new PlateVote();
    vote.add(read('AB12CDE'), 0);
    expect(vote.add(read('AB12CDE'), 100)).not.toBeNull();
    for (let at = 200; at < 30_000; at += 1_000) expect(vote.add(read('AB12CDE'), at)).toBeNull();
    expect(vote.add(read('AB1ZCDE'), 30_100)).toBeNull(); // a look-alike of the same car
    vote.add(read('AB12CDE'), 60_000);
    expect(vote.add(read('AB12CDE'), 60_100)).toMatchObject({ key: 'AB12CDE' });
  });

  it('reports the next car at once', () => {
    const vote = new PlateVote();
    vote.add(read('AB12CDE'), 0);
    vote.add(read('AB12CDE'), 100);
    vote.add(read('XY34ZZZ'), 200);
    expect(vote.add(read('XY34ZZZ'), 300)).toMatchObject({ key: 'XY34ZZZ' });
  });

  it('says where it stands: a vehicle open until its reads settle, then decided while its plate is still read', () => {
    const vote = new PlateVote({ ...DEFAULT_VOTE, instant: null });
    expect(vote.stage()).toBe('idle');
    vote.add(read('AB12CDE'), 0);
    expect(vote.stage()).toBe('open');
    vote.add(read('AB12CDE'), 100);
    expect(vote.stage()).toBe('decided');
    vote.add(read('AB12CDE'), 200); // the same car, still in front of the camera
    expect(vote.stage()).toBe('decided');
    vote.add(null, 300); // gone, or hidden: the next frame may be the next car's
    expect(vote.stage()).toBe('idle');
    vote.add(read('XY34ZZZ'), 400);
    vote.reset();
    expect(vote.stage()).toBe('idle');
  });

  it('forgets a vehicle that left before the vote on reset', () => {
    const vote = new PlateVote();
    vote.add(read('AB12CDE'), 0);
    vote.reset();
    expect(vote.flush(5_000)).toBeNull();
  });
});
