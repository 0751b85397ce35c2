import { describe, expect, it } from 'vitest';
import type { AccessRecord } from '../../api/lane-types';
import { draftOf, emptyDraft, toRecord } from './draft';

const ZONE = 'Europe/London';
const NOW = Date.UTC(2026, 6, 1, 9, 0);

describe('access drafts', () => {
  it('round-trip a permit, its hours and its zones', () => {
    const permit: AccessRecord = {
      kind: 'permit',
      definition: { id: 'p-1', kind: 'contract', holder: 'Quay night shift', plateKeys: ['QN09TSH', 'QN10TSH'], maxInside: 1, validFrom: '2026-01-01', validUntil: '2026-12-31', zones: ['upper'], hours: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '18:00', to: '24:00' }], note: 'nights' },
    };
    const draft = draftOf(permit, NOW, ZONE);
    expect(draft.hours).toBe('mon-fri 18:00-24:00');
    expect(toRecord(draft, ZONE)).toEqual({ record: permit });
  });

  it('keeps list expiry and reservation windows in site time', () => {
    const deny: AccessRecord = { kind: 'deny', definition: { list: 'deny', id: 'd-1', plateKey: 'DN19XYZ', note: 'stolen', expiresAt: Date.UTC(2026, 6, 2, 17, 30), onMatch: 'review' } };
    const draft = draftOf(deny, NOW, ZONE);
    expect(draft.expiresAt).toBe('2026-07-02T18:30'); // BST
    expect(toRecord(draft, ZONE)).toEqual({ record: deny });
  });

  it('names what is missing or malformed', () => {
    const draft = { ...emptyDraft('permit', NOW, ZONE), id: 'Bad Id', plates: 'AB12 CDE, !', hours: 'weekdays', holder: ' ' };
    expect(toRecord(draft, ZONE)).toEqual({ problems: { id: 'access.idInvalid', plates: 'validation.plateShape', holder: 'access.required', hours: 'access.hoursInvalid' } });
  });

  it('makes a list entry from one plate only, as its key', () => {
    const draft = { ...emptyDraft('allow', NOW, ZONE), id: 'a-1', plates: 'ce15 enf' };
    expect(toRecord(draft, ZONE)).toEqual({ record: { kind: 'allow', definition: { list: 'allow', id: 'a-1', plateKey: 'CE15ENF', note: '', expiresAt: null } } });
    expect(toRecord({ ...draft, plates: 'CE15ENF, AB12CDE' }, ZONE)).toEqual({ problems: { plates: 'validation.plateShape' } });
  });
});
