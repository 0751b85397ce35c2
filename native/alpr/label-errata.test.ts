import { describe, expect, it } from 'vitest';
import { erratumOf, LABEL_ERRATA, plateShown } from './label-errata';
import { normalisePlate } from './plate-formats';

describe('label errata of ../shared/alpr', () => {
  it('gives the plate a known wrong label stands for, by folder, file name and the label it still has', () => {
    expect(plateShown({ folder: 'eu', image: '/data/alpr/eu/test_024.jpg', plate: 'RKO26AJ' })).toBe('RK026AJ');
    expect(plateShown({ folder: 'br', image: 'FZB9581.jpg', plate: 'FZB9581' })).toBe('FBZ9581');
  });

  it('leaves every other label as it is: another folder, another name, or a label corrected at its source', () => {
    expect(plateShown({ folder: 'us', image: 'test_024.jpg', plate: 'RKO26AJ' })).toBe('RKO26AJ');
    expect(plateShown({ folder: 'eu', image: 'test_025.jpg', plate: 'RKO26AJ' })).toBe('RKO26AJ');
    expect(erratumOf({ folder: 'eu', image: 'test_024.jpg', plate: 'RK026AJ' })).toBeUndefined();
  });

  it("lists each photo once, in the labels' own spelling (A-Z0-9), with a plate that differs from its label", () => {
    expect(new Set(LABEL_ERRATA.map((e) => `${e.folder}/${e.image}`)).size).toBe(LABEL_ERRATA.length);
    for (const e of LABEL_ERRATA) {
      expect(normalisePlate(e.label)).toBe(e.label);
      expect(normalisePlate(e.plate)).toBe(e.plate);
      expect(e.plate).not.toBe(e.label);
    }
  });
});
