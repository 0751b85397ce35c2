import { describe, expect, it } from 'vitest';
import { en } from './messages/en';
import { core } from './messages/en/core';
import { lot } from './messages/en/lot';
import { office } from './messages/en/office';
import { tariffs } from './messages/en/tariffs';
import { createTranslator, interpolate, selectPlural } from './translate';

describe('interpolate', () => {
  it('fills named parameters and formats numbers for the locale', () => {
    expect(interpolate('{name} has {n} cars', { name: 'Zone A', n: 1234 }, 'en-GB')).toBe('Zone A has 1,234 cars');
    expect(interpolate('{n} Autos', { n: 1234 }, 'de-DE')).toBe('1.234 Autos');
  });
  it('leaves a missing parameter visible instead of blank', () => {
    expect(interpolate('Hello {who}', {}, 'en')).toBe('Hello {who}');
    expect(interpolate('Hello {who}', { who: null }, 'en')).toBe('Hello {who}');
  });
  it('does not touch text without parameters', () => {
    expect(interpolate('{a}', undefined, 'en')).toBe('{a}');
  });
});

describe('plural', () => {
  const msg = { '=0': 'none', one: '{count} car', other: '{count} cars' } as const;
  it('prefers an exact match, then the locale category', () => {
    expect(selectPlural(msg, 0, 'en')).toBe('none');
    expect(selectPlural(msg, 1, 'en')).toBe('{count} car');
    expect(selectPlural(msg, 2, 'en')).toBe('{count} cars');
  });
  it('falls back to other for a category the message lacks', () => {
    expect(selectPlural({ other: 'x' }, 1, 'en')).toBe('x');
    // Polish "few" for 3, not provided here
    expect(selectPlural({ one: 'a', other: 'b' }, 3, 'pl')).toBe('b');
  });
});

describe('createTranslator', () => {
  const t = createTranslator(en, 'en-GB');
  it('translates the real catalogue with plurals', () => {
    expect(t('sessions.count', { count: 0 })).toBe('No sessions found');
    expect(t('sessions.count', { count: 1 })).toBe('1 session');
    expect(t('sessions.count', { count: 1500 })).toBe('1,500 sessions');
    expect(t('connection.retryIn', { count: 1 })).toBe('Trying again in 1 second.');
    expect(t('error.field', { field: 'Plate', message: 'too short' })).toBe('Plate: too short');
  });
  it('returns the key for an unknown message rather than throwing', () => {
    const loose = createTranslator({ a: 'A' } as Record<string, string>, 'en');
    expect(loose('missing')).toBe('missing');
  });
  it('no key is defined in two parts of the catalogue (a spread would hide one)', () => {
    const keys = [core, lot, office, tariffs].flatMap((part) => Object.keys(part));
    expect(keys.length).toBe(new Set(keys).size);
  });
  it('every English message has balanced braces', () => {
    for (const [key, m] of Object.entries(en)) {
      for (const text of typeof m === 'string' ? [m] : Object.values(m)) {
        expect(text.split('{').length, key).toBe(text.split('}').length);
      }
    }
  });
});
