import { describe, expect, it } from 'vitest';
import { basisPointsOf, policyDraftOf, policyOf, siteDraftOf, siteOf } from './site-draft';

describe('site form text', () => {
  it('reads the tax rate as a percentage with up to two decimals', () => {
    expect(basisPointsOf('20')).toBe(2000);
    expect(basisPointsOf(' 17.5 ')).toBe(1750);
    expect(basisPointsOf('8,25')).toBe(825);
    expect(basisPointsOf('0')).toBe(0);
    for (const bad of ['', '20%', '-5', '1.234', 'twenty']) expect(basisPointsOf(bad)).toBeNull();
  });

  it('round-trips the site fields and names a tax rate it cannot read', () => {
    const site = { name: 'Harbour Street', timeZone: 'Europe/London', locale: 'en-GB', taxRateBp: 1750 };
    expect(siteOf(siteDraftOf(site))).toEqual(site);
    expect(siteOf({ ...siteDraftOf(site), name: '  North  ' })).toMatchObject({ name: 'North' });
    expect(siteOf({ ...siteDraftOf(site), taxRatePercent: '17,5 %' })).toEqual({ badField: 'taxRatePercent' });
  });
});

describe('booking policy form text', () => {
  const policy = { payOnArrival: true, freeCancelHours: 24, cancelFeeMinor: 250, noShowGraceMinutes: 30, noShowFeeMinor: 1000, arriveEarlyMinutes: 15, headofficeAllotmentBp: 2500 };

  it('round-trips the policy, fees as amounts and the allotment as a percentage', () => {
    const draft = policyDraftOf(policy, 2);
    expect(draft).toMatchObject({ cancelFee: '2.50', headofficeAllotmentPercent: '25' });
    expect(policyOf(draft, 2)).toEqual(policy);
  });

  it('names the first field it cannot read', () => {
    const draft = policyDraftOf(policy, 2);
    expect(policyOf({ ...draft, freeCancelHours: '1.5' }, 2)).toEqual({ badField: 'freeCancelHours' });
    expect(policyOf({ ...draft, noShowFee: 'ten' }, 2)).toEqual({ badField: 'noShowFee' });
  });
});
