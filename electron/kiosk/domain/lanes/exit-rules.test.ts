import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rankPlateCandidates } from '../plate';
import { permitSchema } from './access-rules';
import { AMBIGUITY_MARGIN, ambiguity, decideExit, MIN_MATCH_SCORE, type ExitInput, type ExitQuoteFacts } from './exit-rules';
import type { LanePolicy } from './lane-policy';

const TZ = 'Europe/London';
const NOW = Date.UTC(2026, 2, 2, 17, 0);
const MIN = 60_000;
const lane: LanePolicy = { laneId: 'exit-1', direction: 'exit', zoneId: 'p1', mode: 'normal', minConfidence: 0.85 };
const read = { key: 'AB12CDE', confidence: 0.95, voteAgreed: true, confirmedBy: null };

interface Open {
  sessionId: number;
  plateKey: string;
}
const inside: Open[] = [
  { sessionId: 1, plateKey: 'AB12CDE' },
  { sessionId: 2, plateKey: 'XY99ZZZ' },
  { sessionId: 3, plateKey: 'KL55MNO' },
];
const unpaid: ExitQuoteFacts = { currency: 'GBP', dueMinor: 850, paidMinor: 0, graceEndsAt: null, freeEndsAt: NOW - 60 * MIN };
const permit = permitSchema.parse({
  id: 'permit-17',
  kind: 'contract',
  holder: 'Acme Ltd',
  plateKeys: ['AB12CDE'],
  maxInside: 1,
  validFrom: '2026-01-01',
  validUntil: '2026-12-31',
  zones: ['p2'], // zone and hours do not hold a car in
  hours: [{ days: ['sat'], from: '09:00', to: '10:00' }],
});

function decide(over: Partial<ExitInput<Open>> = {}, open: Open[] = inside) {
  const r = over.read === undefined ? read : over.read;
  const candidates = r ? rankPlateCandidates(r.key, open) : [];
  return decideExit<Open>({ lane, read: r, now: NOW, timeZone: TZ, candidates, quote: unpaid, permits: [], ...over });
}

describe('decideExit: a worked example for every code', () => {
  it.each<[string, Partial<ExitInput<Open>>, Open[], string, string]>([
    ['open_permit', { permits: [permit] }, inside, 'open', 'open_permit'],
    ['open_free', { quote: { ...unpaid, dueMinor: 0, freeEndsAt: NOW + MIN } }, inside, 'open', 'open_free'],
    ['open_paid_within_grace', { quote: { ...unpaid, dueMinor: 850, paidMinor: 850, graceEndsAt: NOW + 5 * MIN } }, inside, 'open', 'open_paid_within_grace'],
    ['open_nothing_due (daily cap already paid)', { quote: { ...unpaid, paidMinor: 850, graceEndsAt: NOW - MIN } }, inside, 'open', 'open_nothing_due'],
    ['open_free_flow', { lane: { ...lane, mode: 'free-flow' }, read: null }, inside, 'open', 'open_free_flow'],
    ['lane_closed', { lane: { ...lane, mode: 'closed' } }, inside, 'deny', 'lane_closed'],
    ['pay_due', {}, inside, 'pay', 'pay_due'],
    ['no_read', { read: null }, inside, 'attendant', 'no_read'],
    ['no_match', {}, [{ sessionId: 9, plateKey: 'ZZ00ZZZ' }], 'attendant', 'no_match'],
    ['weak_match (one real substitution)', {}, [{ sessionId: 9, plateKey: 'AB12CDF' }], 'attendant', 'weak_match'],
    ['ambiguous_match (scores too close)', {}, [{ sessionId: 8, plateKey: 'AB1ZCDE' }, { sessionId: 9, plateKey: 'A812CDE' }], 'attendant', 'ambiguous_match'],
    ['ambiguous_match (look-alike keys)', {}, [...inside, { sessionId: 9, plateKey: 'AB1ZCDE' }], 'attendant', 'ambiguous_match'],
    ['no_quote', { quote: null }, inside, 'attendant', 'no_quote'],
    ['low_confidence', { read: { ...read, confidence: 0.5 } }, inside, 'attendant', 'low_confidence'],
    ['vote_disagreement', { read: { ...read, voteAgreed: false } }, inside, 'attendant', 'vote_disagreement'],
    ['confirm_every_car', { lane: { ...lane, mode: 'attendant-confirms-every-car' } }, inside, 'attendant', 'confirm_every_car'],
  ])('%s', (_name, over, open, outcome, code) => {
    const decision = decide(over, open);
    expect(decision).toMatchObject({ outcome, code });
    expect(decision.why.length).toBeGreaterThan(5);
  });

  it('never lets a charged stay out as free: a lost ticket inside the free minutes pays, and a paid one leaves as paid', () => {
    const freeMinutes = { freeEndsAt: NOW + 10 * MIN };
    expect(decide({ quote: { ...unpaid, ...freeMinutes, dueMinor: 3000 } })).toMatchObject({ outcome: 'pay', code: 'pay_due', amountMinor: 3000 });
    const paidByCard = decide({ quote: { ...unpaid, ...freeMinutes, dueMinor: 3000, paidMinor: 3000, graceEndsAt: NOW + 15 * MIN } });
    expect(paidByCard).toMatchObject({ outcome: 'open', code: 'open_paid_within_grace' });
    expect(paidByCard.why).not.toMatch(/free/);
    const discounted = decide({ quote: { ...unpaid, ...freeMinutes, dueMinor: 2000, paidMinor: 2000, graceEndsAt: NOW + 15 * MIN } });
    expect(discounted).toMatchObject({ outcome: 'open', code: 'open_paid_within_grace' });
  });

  it('within the grace asks again for money refunded since, and says an overpayment', () => {
    expect(decide({ quote: { ...unpaid, dueMinor: 3000, paidMinor: 1000, graceEndsAt: NOW + 5 * MIN } })).toMatchObject({ outcome: 'pay', amountMinor: 2000 });
    const over = decide({ quote: { ...unpaid, dueMinor: 2000, paidMinor: 3000, graceEndsAt: NOW + 5 * MIN } });
    expect(over).toMatchObject({ outcome: 'open', code: 'open_paid_within_grace' });
    expect(over.why).toMatch(/overpaid by 1000 GBP/);
  });

  it('pay_due asks for what is left, and says when the grace ran out', () => {
    const late = decide({ quote: { ...unpaid, dueMinor: 1200, paidMinor: 850, graceEndsAt: NOW - MIN } });
    expect(late).toMatchObject({ outcome: 'pay', amountMinor: 350, currency: 'GBP', session: { sessionId: 1 } });
    expect(late.why).toMatch(/grace/);
  });

  it('a confusion-tolerant unique match is acted on; attendants get the candidates', () => {
    expect(decide({ read: { ...read, key: 'A812CDE' } })).toMatchObject({ outcome: 'pay', session: { sessionId: 1 } });
    const tie = decide({}, [...inside, { sessionId: 9, plateKey: 'AB1ZCDE' }]);
    expect(tie).toMatchObject({ outcome: 'attendant', candidates: [{ item: { sessionId: 1 } }, { item: { sessionId: 9 } }] });
  });

  it('an expired permit falls back to the tariff; a confirmed read skips the gate', () => {
    const expired = { ...permit, validUntil: '2026-03-01' };
    expect(decide({ permits: [expired] }).code).toBe('pay_due');
    expect(decide({ read: { ...read, confidence: 0.2, confirmedBy: 'sam' } }).code).toBe('pay_due');
  });

  it('refuses an entry lane', () => {
    expect(() => decide({ lane: { ...lane, direction: 'entry' } })).toThrow(/entry lane/);
  });
});

describe('the ambiguity rule', () => {
  it(`is "top two within ${AMBIGUITY_MARGIN}, or OCR look-alikes"`, () => {
    const c = (plateKey: string, score: number) => ({ item: { plateKey }, score, cost: 1 / score - 1 });
    expect(ambiguity([c('AB12CDE', 1)])).toBeNull();
    expect(ambiguity([c('AB12CDE', 1), c('AB12CDF', 0.5)])).toBeNull();
    expect(ambiguity([c('AB12CDE', 0.8), c('AB12CDF', 0.67)])).toMatch(/within/);
    expect(ambiguity([c('AB10CDE', 1), c('AB1OCDE', 0.8)])).toMatch(/look-alike/);
  });

  const keyArb = fc.string({ unit: fc.constantFrom(...'AB0O1I8S5Z2CX'), minLength: 4, maxLength: 7 });
  it('never acts on anything but a clear, strong top candidate', () => {
    fc.assert(
      fc.property(keyArb, fc.uniqueArray(keyArb, { maxLength: 6 }), (readKey, keys) => {
        const open = keys.map((plateKey, i) => ({ sessionId: i + 1, plateKey }));
        const d = decide({ read: { ...read, key: readKey } }, open);
        const candidates = rankPlateCandidates(readKey, open);
        if (d.outcome === 'open' || d.outcome === 'pay') {
          expect(d.session).toBe(candidates[0]!.item);
          expect(candidates[0]!.score).toBeGreaterThanOrEqual(MIN_MATCH_SCORE);
          expect(ambiguity(candidates)).toBeNull();
        } else {
          expect(d.outcome).toBe('attendant');
        }
      }),
    );
  });
});
