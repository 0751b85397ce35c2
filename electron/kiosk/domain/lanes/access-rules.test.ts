import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decideEntry,
  listEntrySchema,
  permitSchema,
  reservationSchema,
  type EntryDecision,
  type EntryFacts,
  type EntryInput,
  type ListEntry,
  type Permit,
} from './access-rules';
import type { LanePolicy } from './lane-policy';

const TZ = 'Europe/London';
// Monday 2 March 2026, 08:30 in London (GMT, so also 08:30 UTC).
const MON_0830 = Date.UTC(2026, 2, 2, 8, 30);
// Monday 6 July 2026, 08:30 BST = 07:30 UTC: a permit's hours are site time, not UTC.
const SUMMER_MON_0830 = Date.UTC(2026, 6, 6, 7, 30);

const lane: LanePolicy = { laneId: 'entry-1', direction: 'entry', zoneId: 'p1', mode: 'normal', minConfidence: 0.85 };
const goodRead = { key: 'AB12CDE', confidence: 0.97, voteAgreed: true, confirmedBy: null };

function permit(over: Partial<Permit> = {}): Permit {
  return permitSchema.parse({
    id: 'permit-17',
    kind: 'monthly',
    holder: 'Ada Lovelace',
    plateKeys: ['AB12CDE'],
    maxInside: 1,
    validFrom: '2026-03-01',
    validUntil: '2026-12-31',
    zones: [],
    hours: [],
    ...over,
  });
}

const noFacts: EntryFacts = { permits: [], listEntries: [], reservation: null, occupancy: { occupied: 10, capacity: 100 }, antiPassback: 'outside' };

function decide(facts: Partial<EntryFacts> = {}, over: Partial<EntryInput> = {}): EntryDecision {
  return decideEntry({ lane, read: goodRead, now: MON_0830, timeZone: TZ, facts: { ...noFacts, ...facts }, ...over });
}

const full = { occupancy: { occupied: 100, capacity: 100 } };
const deny = (over: Partial<Extract<ListEntry, { list: 'deny' }>> = {}): ListEntry =>
  listEntrySchema.parse({ list: 'deny', id: 'deny-1', plateKey: 'AB12CDE', note: 'unpaid fines', expiresAt: null, onMatch: 'refuse', ...over });
const allow = (over: Partial<ListEntry> = {}): ListEntry =>
  listEntrySchema.parse({ list: 'allow', id: 'allow-1', plateKey: 'AB12CDE', note: 'site manager', expiresAt: null, ...over });
const booking = reservationSchema.parse({ id: 'res-9', plateKey: 'AB12CDE', zoneId: 'p1', arriveFrom: MON_0830 - 3_600_000, arriveUntil: MON_0830 + 3_600_000 });

describe('decideEntry: a worked example for every code', () => {
  it.each<[string, Partial<EntryFacts>, Partial<EntryInput>, string, string]>([
    ['open_permit', { permits: [{ permit: permit(), insideNow: 0 }] }, {}, 'open', 'open_permit'],
    ['open_permit when full', { ...full, permits: [{ permit: permit(), insideNow: 0 }] }, {}, 'open', 'open_permit'],
    ['open_permit up to an OCR confusion (0/O)', { permits: [{ permit: permit({ plateKeys: ['AB12CDE'] }), insideNow: 0 }] }, { read: { ...goodRead, key: 'AB1ZCDE' } }, 'open', 'open_permit'],
    ['open_reservation when full', { ...full, reservation: booking }, {}, 'open', 'open_reservation'],
    ['open_allow_list when full', { ...full, listEntries: [allow()] }, {}, 'open', 'open_allow_list'],
    ['open_transient', {}, {}, 'open', 'open_transient'],
    ['open_free_flow without a read', {}, { read: null, lane: { ...lane, mode: 'free-flow' } }, 'open', 'open_free_flow'],
    ['lane_closed', { permits: [{ permit: permit(), insideNow: 0 }] }, { lane: { ...lane, mode: 'closed' } }, 'deny', 'lane_closed'],
    ['deny_list', { listEntries: [deny(), allow()] }, {}, 'deny', 'deny_list'],
    ['anti_passback', { antiPassback: 'inside', permits: [{ permit: permit(), insideNow: 0 }] }, {}, 'deny', 'anti_passback'],
    ['permit_not_yet_valid', { permits: [{ permit: permit({ validFrom: '2026-03-03' }), insideNow: 0 }] }, {}, 'deny', 'permit_not_yet_valid'],
    ['permit_expired', { permits: [{ permit: permit({ validFrom: '2026-02-01', validUntil: '2026-03-01' }), insideNow: 0 }] }, {}, 'deny', 'permit_expired'],
    ['permit_wrong_zone', { permits: [{ permit: permit({ zones: ['p2'] }), insideNow: 0 }] }, {}, 'deny', 'permit_wrong_zone'],
    ['permit_outside_hours', { permits: [{ permit: permit({ hours: [{ days: ['sat', 'sun'], from: '00:00', to: '24:00' }] }), insideNow: 0 }] }, {}, 'deny', 'permit_outside_hours'],
    ['permit_limit_reached', { permits: [{ permit: permit({ maxInside: 2 }), insideNow: 2 }] }, {}, 'deny', 'permit_limit_reached'],
    ['full', full, {}, 'deny', 'full'],
    ['no_read', {}, { read: null }, 'attendant', 'no_read'],
    ['deny_list_review (entry asks for a look)', { listEntries: [deny({ onMatch: 'review' })] }, {}, 'attendant', 'deny_list_review'],
    ['deny_list_review (only an OCR look-alike is listed)', { listEntries: [deny({ plateKey: 'AB1ZCDE' })] }, {}, 'attendant', 'deny_list_review'],
    ['low_confidence', { permits: [{ permit: permit(), insideNow: 0 }] }, { read: { ...goodRead, confidence: 0.6 } }, 'attendant', 'low_confidence'],
    ['vote_disagreement', {}, { read: { ...goodRead, voteAgreed: false } }, 'attendant', 'vote_disagreement'],
    ['confirm_every_car', {}, { lane: { ...lane, mode: 'attendant-confirms-every-car' } }, 'attendant', 'confirm_every_car'],
  ])('%s', (_name, facts, over, outcome, code) => {
    const decision = decide(facts, over);
    expect(decision).toMatchObject({ outcome, code });
    expect(decision.why.length).toBeGreaterThan(5);
  });

  it('evaluates permit hours in the site zone, across DST', () => {
    const weekdays = permit({ hours: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '08:00', to: '18:00' }] });
    const facts = { permits: [{ permit: weekdays, insideNow: 0 }] };
    expect(decide(facts, { now: SUMMER_MON_0830 }).code).toBe('open_permit'); // 07:30 UTC is 08:30 on the wall
    expect(decide(facts, { now: SUMMER_MON_0830 - 3_600_000 }).code).toBe('permit_outside_hours'); // 07:30 BST
    expect(decide(facts, { now: Date.UTC(2026, 2, 2, 18, 0) }).code).toBe('permit_outside_hours'); // "to" is exclusive
  });

  it('validity dates are inclusive local dates', () => {
    const march = permit({ validFrom: '2026-03-01', validUntil: '2026-03-31' });
    // 23:30 UTC on 31 March is 00:30 BST on 1 April: already past the permit.
    expect(decide({ permits: [{ permit: march, insideNow: 0 }] }, { now: Date.UTC(2026, 2, 31, 22, 30) }).code).toBe('open_permit');
    expect(decide({ permits: [{ permit: march, insideNow: 0 }] }, { now: Date.UTC(2026, 2, 31, 23, 30) }).code).toBe('permit_expired');
  });

  it('a usable permit wins over an unusable one, and the gate carries the proposal', () => {
    const facts = { permits: [{ permit: permit({ id: 'old', validUntil: '2026-03-01', validFrom: '2026-01-01' }), insideNow: 0 }, { permit: permit(), insideNow: 0 }] };
    expect(decide(facts)).toMatchObject({ outcome: 'open', code: 'open_permit', ref: 'permit-17' });
    const gated = decide(facts, { read: { ...goodRead, confidence: 0.5 } });
    expect(gated).toMatchObject({ outcome: 'attendant', code: 'low_confidence', proposal: { code: 'open_permit' } });
  });

  it('an attendant-confirmed read skips the gate; expired list entries and other zones are ignored', () => {
    const confirmed = { ...goodRead, confidence: 0.3, voteAgreed: false, confirmedBy: 'sam' };
    expect(decide({}, { read: confirmed, lane: { ...lane, mode: 'attendant-confirms-every-car' } }).code).toBe('open_transient');
    expect(decide({ listEntries: [deny({ expiresAt: MON_0830 })] }).code).toBe('open_transient');
    expect(decide({ ...full, reservation: { ...booking, zoneId: 'p2' } }).code).toBe('full');
    expect(decide({ ...full, reservation: { ...booking, arriveUntil: MON_0830 } }).code).toBe('full');
  });

  it('refuses an exit lane', () => {
    expect(() => decide({}, { lane: { ...lane, direction: 'exit' } })).toThrow(/exit lane/);
  });
});

describe('schemas', () => {
  it('reject inconsistent permits, overnight hour windows and backwards reservations', () => {
    expect(() => permit({ validFrom: '2026-04-01', validUntil: '2026-03-01' })).toThrow(/validFrom/);
    expect(() => permit({ hours: [{ days: ['mon'], from: '22:00', to: '06:00' }] })).toThrow(/overnight/);
    expect(reservationSchema.safeParse({ ...booking, arriveUntil: booking.arriveFrom }).success).toBe(false);
    expect(listEntrySchema.safeParse({ list: 'deny', id: 'x', plateKey: 'AB12', note: '', expiresAt: null }).success).toBe(false);
    expect(listEntrySchema.safeParse({ list: 'allow', id: 'x', plateKey: 'ab12', note: '', expiresAt: null }).success).toBe(false);
  });
});

describe('properties', () => {
  const hourWindow = fc.record({
    days: fc.subarray(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const, { minLength: 1 }),
    from: fc.constantFrom('00:00', '06:00', '12:00'),
    to: fc.constantFrom('12:30', '20:00', '24:00'),
  });
  const laneArb = fc.record({
    laneId: fc.constant('entry-1'),
    direction: fc.constant('entry' as const),
    zoneId: fc.constantFrom('p1', 'p2'),
    mode: fc.constantFrom('normal', 'attendant-confirms-every-car', 'closed', 'free-flow' as const),
    minConfidence: fc.double({ min: 0, max: 1, noNaN: true }),
  });
  const readArb = fc.option(
    fc.record({ key: fc.constantFrom('AB12CDE', 'AB1ZCDE', 'XY99ZZZ'), confidence: fc.double({ min: 0, max: 1, noNaN: true }), voteAgreed: fc.boolean(), confirmedBy: fc.constantFrom(null, 'sam') }),
  );
  const permitArb = fc.record({
    plateKeys: fc.constantFrom<string[]>(['AB12CDE'], ['AB1ZCDE', 'QQ11QQ'], ['XY99ZZZ']),
    maxInside: fc.integer({ min: 1, max: 3 }),
    validFrom: fc.constantFrom('2026-01-01', '2026-03-02', '2026-03-03'),
    validUntil: fc.constantFrom('2026-03-01', '2026-03-02', '2027-01-01'),
    zones: fc.constantFrom<string[]>([], ['p1'], ['p2'], ['p1', 'p2']),
    hours: fc.array(hourWindow, { maxLength: 2 }),
  });
  const factsArb = fc.record({
    permits: fc.array(fc.record({ permit: permitArb, insideNow: fc.integer({ min: 0, max: 3 }) }), { maxLength: 3 }),
    listEntries: fc.array(fc.oneof(fc.constant(allow()), fc.constant(deny()), fc.constant(deny({ onMatch: 'review' })), fc.constant(allow({ plateKey: 'XY99ZZZ' }))), { maxLength: 2 }),
    reservation: fc.option(fc.constant(booking)),
    antiPassback: fc.constantFrom('inside', 'outside', 'unknown' as const),
  });
  const nowArb = fc.integer({ min: MON_0830 - 3 * 86_400_000, max: MON_0830 + 3 * 86_400_000 });

  function build(p: typeof permitArb extends fc.Arbitrary<infer P> ? P : never): Permit | null {
    const parsed = permitSchema.safeParse({ id: 'p', kind: 'contract', holder: 'H', note: '', ...p });
    return parsed.success ? parsed.data : null;
  }

  it('a full zone changes nothing but turning transients away', () => {
    fc.assert(
      fc.property(laneArb, readArb, factsArb, nowArb, fc.integer({ min: 0, max: 50 }), (policy, read, f, now, capacity) => {
        const permits = f.permits.flatMap(({ permit: p, insideNow }) => {
          const built = build(p);
          return built ? [{ permit: built, insideNow }] : [];
        });
        const base = { lane: policy, read, now, timeZone: TZ };
        const roomy = decideEntry({ ...base, facts: { ...f, permits, occupancy: { occupied: 0, capacity: capacity + 1 } } });
        const packed = decideEntry({ ...base, facts: { ...f, permits, occupancy: { occupied: capacity + 1, capacity } } });
        // Only a transient's answer may change (to 'full'); everything else, gated or not, is the same decision.
        const codes = (d: EntryDecision) => [d.outcome, d.code, 'proposal' in d ? d.proposal.code : null];
        const expected = codes(roomy).map((c) => (c === 'open_transient' ? 'full' : c));
        if (roomy.code === 'open_transient') expected[0] = 'deny';
        expect(codes(packed)).toEqual(expected);
      }),
    );
  });

  it('a full lot never denies a valid permit holder', () => {
    fc.assert(
      fc.property(permitArb, nowArb, fc.integer({ min: 0, max: 500 }), fc.integer({ min: 0, max: 50 }), (p, now, capacity, over) => {
        // Make the generated permit valid now: dates around today, this zone, these hours, room under its limit.
        const valid = build({ ...p, validFrom: '2026-01-01', validUntil: '2027-01-01', zones: p.zones.length ? ['p1', ...p.zones] : [], hours: [] });
        const read = { key: valid!.plateKeys[0]!, confidence: 1, voteAgreed: true, confirmedBy: null };
        const facts: EntryFacts = { ...noFacts, permits: [{ permit: valid!, insideNow: valid!.maxInside - 1 }], occupancy: { occupied: capacity + over, capacity } };
        expect(decideEntry({ lane, read, now, timeZone: TZ, facts })).toMatchObject({ outcome: 'open', code: 'open_permit' });
      }),
    );
  });
});
