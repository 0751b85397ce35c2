import { describe, expect, it } from 'vitest';
import { driverSearchOf } from './driver-search';

describe('driver search box', () => {
  it('searches text always and also as a plate when it could be one', () => {
    expect(driverSearchOf('  ')).toEqual({ limit: 50 });
    expect(driverSearchOf('Jane', 20)).toEqual({ text: 'Jane', limit: 20 });
    expect(driverSearchOf('AB12 CDE')).toEqual({ text: 'AB12 CDE', plate: 'AB12 CDE', limit: 50 });
    expect(driverSearchOf('jane@example.com')).toEqual({ text: 'jane@example.com', limit: 50 });
    expect(driverSearchOf('+44 7700')).toEqual({ text: '+44 7700', limit: 50 });
  });
});
