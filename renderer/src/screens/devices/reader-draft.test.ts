import { describe, expect, it } from 'vitest';
import { demoBoardDeviceOf, demoBoardDraftOf, emptyReaderDraft, readerDeviceOf, readerDraftOf } from './reader-draft';

describe('the card reader form draft', () => {
  it("sends only the chosen driver's fields, the lane or none, blanks left to the reader's defaults", () => {
    const draft = { ...emptyReaderDraft(), id: 'reader-out1', laneId: 'out1', readerId: ' tmr_1 ', autoPresentMs: '900', captureMethod: 'manual' as const };
    expect(readerDeviceOf(draft)).toEqual({ device: { id: 'reader-out1', kind: 'terminal', config: { driver: 'stripe', laneId: 'out1', readerId: 'tmr_1', captureMethod: 'manual' } } });
    expect(readerDeviceOf({ ...draft, driver: 'simulated', laneId: '' })).toEqual({ device: { id: 'reader-out1', kind: 'terminal', config: { driver: 'simulated', laneId: null, autoPresentMs: 900 } } });
    expect(readerDeviceOf({ ...draft, driver: 'simulated', autoPresent: 'never' })).toMatchObject({ device: { config: { autoPresentMs: null } } });
  });

  it('says what a Stripe reader needs and a wait that is not a whole number', () => {
    expect(readerDeviceOf(emptyReaderDraft())).toEqual({ problems: { id: 'devices.required', readerId: 'devices.required' } });
    expect(readerDeviceOf({ ...emptyReaderDraft(), id: 'r', driver: 'simulated', autoPresentMs: '1.5 s' })).toEqual({ problems: { autoPresentMs: 'devices.wholeNumber' } });
  });

  it('reads a stored reader back and saves it unchanged, its endpoint kept; the key only ever named by its variable', () => {
    const stripe = { id: 'reader-x', kind: 'terminal' as const, config: { driver: 'stripe', laneId: null, readerId: 'tmr_1', secretKeyEnv: 'LOTKEEPER_STRIPE_SECRET_KEY_NORTH', endpoint: { host: '127.0.0.1', port: 4242, protocol: 'http' } } };
    expect(readerDraftOf(stripe)).toMatchObject({ driver: 'stripe', laneId: '', secretKeyEnv: 'LOTKEEPER_STRIPE_SECRET_KEY_NORTH' });
    expect(readerDeviceOf(readerDraftOf(stripe))).toEqual({ device: stripe });
    const never = { id: 'reader-in2', kind: 'terminal' as const, config: { driver: 'simulated', laneId: 'in2', autoPresentMs: null } };
    expect(readerDraftOf(never)).toMatchObject({ autoPresent: 'never' });
    expect(readerDeviceOf(readerDraftOf(never))).toEqual({ device: never });
  });
});

describe('the demo relay board form draft', () => {
  it('reads the board back, saves both counts as numbers, and says which is missing or not a number', () => {
    const board = { id: 'demo-board', kind: 'relay' as const, config: { driver: 'demo', channels: 4, inputs: 8 } };
    expect(demoBoardDeviceOf(demoBoardDraftOf(board))).toEqual({ device: board });
    expect(demoBoardDeviceOf({ id: 'demo-board', channels: '', inputs: 'eight' })).toEqual({ problems: { channels: 'devices.required', inputs: 'devices.wholeNumber' } });
  });
});
