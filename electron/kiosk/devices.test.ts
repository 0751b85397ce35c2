import { describe, expect, it } from 'vitest';
import { DeviceRegistry } from './devices';
import { EventBus } from './events';

describe('DeviceRegistry', () => {
  it('lists devices as not yet heard from, then as they report, telling consoles only of real changes', () => {
    const bus = new EventBus();
    const heard: unknown[] = [];
    bus.subscribe((name, payload) => name === 'devices.changed' && heard.push(payload));
    const registry = new DeviceRegistry(bus);
    const report = registry.register({ id: 'relay-1', kind: 'relay', laneId: 'in1' });
    expect(registry.list()).toEqual([{ id: 'relay-1', kind: 'relay', laneId: 'in1', healthy: false, detail: 'starting' }]);
    report({ healthy: true, detail: 'connected on /dev/ttyUSB0' });
    report({ healthy: true, detail: 'connected on /dev/ttyUSB0' });
    report({ healthy: false, detail: 'unplugged' });
    expect(registry.list()[0]).toMatchObject({ healthy: false, detail: 'unplugged' });
    expect(heard).toHaveLength(3);
  });
});
