import { describe, expect, it } from 'vitest';
import { siteFormats, type CharOptions } from './plate-formats';
import { FEATURE_NAMES } from './calibration';
import { rankCandidates, type Candidate } from './rank';

const line = (text: string, x: number, y: number, height: number, p = 0.95, alternatives: Record<number, [string, number]> = {}): Candidate => {
  const width = height * 0.6 * text.length;
  const chars: CharOptions[] = [...text].map((char, i) => ({ char, p, alternatives: alternatives[i] ? [{ char: alternatives[i][0], p: alternatives[i][1] }] : [] }));
  return { quad: [{ x, y }, { x: x + width, y }, { x: x + width, y: y + height }, { x, y: y + height }], chars };
};

const options = { formats: siteFormats(['us', 'eu', 'br']), minScore: 0.02, maxPlates: 3 };

describe('ranking candidates as plates', () => {
  it('the plate beats the state name, the slogan, the dealer frame, a phone number and the timestamp', () => {
    const plates = rankCandidates(
      [
        line('CALIFORNIA', 100, 100, 30, 0.99),
        line('DMVCA', 120, 200, 14, 0.99), // dealer frame: small, no digits
        line('6352577', 400, 300, 12, 0.99), // a phone number in small print: 7 digits, a "format" on its own
        line('2014061714', 0, 0, 20, 0.99),
        line('7ABC123', 100, 140, 40, 0.9),
      ],
      options,
    );
    expect(plates[0]!.text).toBe('7ABC123');
    expect(plates.map((p) => p.text)).not.toContain('CALIFORNIA');
  });

  it("counts the plate detector's score: a plate-shaped sign it doubts loses to the plate it is sure of", () => {
    const sign = { ...line('7XYZ123', 100, 100, 40, 0.97), detectorScore: 0.25 };
    const plate = { ...line('7ABC123', 500, 300, 40, 0.9), detectorScore: 0.9 };
    expect(rankCandidates([sign, plate], options).map((p) => p.text)).toEqual(['7ABC123', '7XYZ123']);
    expect(rankCandidates([{ ...sign, detectorScore: 0.9 }, plate], options)[0]!.text).toBe('7XYZ123');
  });

  it('keeps the best of several reads of one box (crops with different margins)', () => {
    const tight = line('ABC123', 100, 100, 40, 0.6);
    const loose = line('ABC1234', 96, 98, 44, 0.95);
    expect(rankCandidates([tight, loose], options).map((p) => p.text)).toEqual(['ABC1234']);
  });

  it('corrects a confusable character only with the recogniser support, and keeps the raw reading as an alternative', () => {
    const [plate] = rankCandidates([line('ABC12O4', 0, 0, 40, 0.9, { 5: ['0', 0.3] })], options);
    expect(plate!.text).toBe('ABC1204');
    expect(plate!.charConfidences[5]).toBeCloseTo(0.3);
    expect(plate!.alternatives.map((a) => a.text)).toContain('ABC12O4');
  });

  it("settles a confusable character by the site's home country, keeping the visitor's reading as an alternative", () => {
    const read = line('LM6338D', 0, 0, 40, 0.9, { 5: ['B', 0.17] });
    expect(rankCandidates([read], { ...options, formats: siteFormats(['eu']) })[0]!.text).toBe('LM6338D');
    const [plate] = rankCandidates([read], { ...options, formats: siteFormats(['eu'], 'sk') });
    expect(plate!.text).toBe('LM633BD');
    expect(plate!.charConfidences[5]).toBeCloseTo(0.17);
    expect(plate!.features).toMatchObject({ swaps: 1, formatFit: 1 });
    expect(plate!.alternatives.map((a) => a.text)).toContain('LM6338D');
  });

  it('writes O as 0 where the regions do (US), in the plate and its alternatives alike', () => {
    const us = { ...options, formats: siteFormats(['us'], 'us'), oAsZero: true };
    const [plate] = rankCandidates([line('5DJO529', 0, 0, 40, 0.9, { 3: ['0', 0.3], 0: ['B', 0.2] })], us);
    expect(plate!.text).toBe('5DJ0529');
    expect(plate!.alternatives.map((a) => a.text)).toEqual(['BDJ0529']);
    expect(rankCandidates([line('5DJO529', 0, 0, 40, 0.9)], options)[0]!.text).toBe('5DJO529');
  });

  it('offers the runner-up of the least sure character as an alternative', () => {
    const [plate] = rankCandidates([line('ABC1234', 0, 0, 40, 0.9, { 4: ['Z', 0.05] })], options);
    expect(plate!.text).toBe('ABC1234');
    expect(plate!.alternatives[0]!.text).toBe('ABC1Z34');
  });

  it('reports no plate when no text looks like one', () => {
    expect(rankCandidates([line('WELCOME', 0, 0, 40), line('TO', 0, 50, 40)], options)).toEqual([]);
  });

  it('reads a letters-only vanity plate on a box the plate detector is sure of, never on a sign it doubts', () => {
    const vanity = { ...line('FZRULZ', 150, 330, 24, 0.9), detectorScore: 0.68 };
    const bumperSticker = { ...line('EKTR92', 20, 350, 30, 0.4), detectorScore: 0.21 };
    expect(rankCandidates([bumperSticker, vanity], options)[0]!.text).toBe('FZRULZ');
    expect(rankCandidates([{ ...line('WELCOME', 0, 0, 40), detectorScore: 0.3 }], options)).toEqual([]);
  });

  it('says what it knows about each read: agreement of the crops of one box, a rival box, format fit', () => {
    const crops = [line('7ABC123', 100, 100, 40, 0.9), line('7ABC123', 98, 99, 42, 0.92), line('7ABC128', 96, 98, 44, 0.8)].map((c) => ({ ...c, detectorScore: 0.8 }));
    const other = { ...line('5XYZ999', 600, 300, 20, 0.9), detectorScore: 0.4 };
    const [plate, second] = rankCandidates([...crops, other], options);
    expect(plate).toMatchObject({ text: '7ABC123', features: { agreement: 0.667, detectorScore: 0.8, formatFit: 1, swaps: 0, heightPx: 42 } });
    expect(plate!.features!.rival).toBeGreaterThan(0);
    expect(plate!.features!.rival).toBeLessThan(1);
    expect(second!.features!.rival).toBe(1);
  });

  it('reports a calibrated confidence as P(right), alternatives never above what the read leaves', () => {
    const calibration = { features: [...FEATURE_NAMES], weights: FEATURE_NAMES.map((n) => (n === 'agreement' ? 4 : 0)), bias: -2, fittedOn: 'test', fittedFor: { detector: 'a'.repeat(64), recognizer: 'b'.repeat(64) } };
    const read = line('7ABC123', 100, 100, 40, 0.99, { 6: ['8', 0.3] });
    const [plate] = rankCandidates([read], { ...options, calibration });
    expect(plate!.confidence).toBeCloseTo(1 / (1 + Math.exp(-2)), 3);
    for (const alt of plate!.alternatives) expect(alt.confidence).toBeLessThanOrEqual(1 - plate!.confidence + 1e-9);
  });
});
