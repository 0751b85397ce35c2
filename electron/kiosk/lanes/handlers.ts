import type { laneCalls } from '../contract/lanes';
import type { HandlersFor, Services } from '../handlers';
import { modbusProfileMaps, serialPorts } from './device-hub';
import { readerReport } from './reader-report';

export function laneHandlers(services: Services): HandlersFor<typeof laneCalls> {
  const { lanes, access, core, laneSettings } = services;
  return {
    'lanes.list': () => ({ lanes: lanes.list() }),
    'lanes.frame': async (input) => ({ frame: await lanes.frame(input.laneId) }),
    'lanes.command': (input, actor) => ({ lane: lanes.command(input.laneId, input, actor) }),
    'lanes.ackAlarms': (input, actor) => ({ lane: lanes.acknowledgeAlarms(input.laneId, input.note, actor) }),
    'lanes.setMode': (input, actor) => ({ lane: lanes.setMode(input.laneId, input.mode, input.minConfidence, input.reason, actor) }),
    'lanes.schedules': (input) => ({ schedules: lanes.schedulesOf(input.laneId) }),
    'lanes.saveSchedules': (input, actor) => ({ lane: lanes.saveSchedules(input.laneId, input.schedules, input.reason, actor) }),
    'lanes.readerReport': (input) => readerReport(core, input.days),
    'lanes.resetAntiPassback': (input, actor) => {
      lanes.resetAntiPassback(input.plate, input.reason, actor);
      return { ok: true };
    },
    'access.list': (input) => ({ records: access.list(input.kinds, input.plate, input.limit) }),
    'access.save': (input, actor) => ({ record: access.save(input.record, input.reason, actor) }),
    'access.remove': (input, actor) => {
      access.remove(input.kind, input.id, input.reason, actor);
      return { ok: true };
    },
    'devices.ports': async () => ({
      ports: (await serialPorts()).map((p) => ({ path: p.path, manufacturer: p.manufacturer ?? null, serialNumber: p.serialNumber ?? null, vendorId: p.vendorId ?? null, productId: p.productId ?? null })),
    }),
    'devices.modbusMaps': () => ({ maps: modbusProfileMaps() }),
    'devices.configs': () => {
      const { devices, lanes: settings } = laneSettings.configs();
      return { devices: devices.map((d) => ({ id: d.id, kind: d.kind, config: d.config as Record<string, unknown> })), lanes: settings };
    },
    'devices.save': async (input, actor) => ({ device: { ...(await laneSettings.saveDevice(input.device, input.reason, actor)), config: input.device.config } }),
    'lanes.saveSettings': async (input, actor) => ({ lane: await laneSettings.saveLane(input.settings, input.reason, actor) }),
    'evidence.list': (input) => ({
      evidence: core.store.evidence.forSession(input.sessionId).map((e) => ({ id: e.id, laneId: e.laneId, stage: e.stage, capturedAt: e.capturedAt, hasPlate: e.cropFile !== null, purged: e.purgedAt !== null })),
    }),
    'evidence.image': async (input) => {
      const bytes = await services.evidence?.image(input.evidenceId, input.which);
      return { jpegBase64: bytes ? Buffer.from(bytes).toString('base64') : null };
    },
  };
}
