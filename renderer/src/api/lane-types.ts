/**
 * Lane and access-list types, derived from the calls that carry them: the console may import only contract.ts (as
 * types), and contract.ts re-exports the calls, not every schema behind them.
 */
import type { CallInput, CallOutput } from './types';

export type LaneView = CallOutput<'lanes.list'>['lanes'][number];
/** A car let through on a full disk whose entry is not recorded yet (it has no session id). */
export type UnrecordedCar = NonNullable<LaneView['unrecorded']>;
export type LaneAction = CallInput<'lanes.command'>['action'];
export type ReasonCode = CallInput<'lanes.command'>['reasonCode'];
export type LaneMode = CallInput<'lanes.setMode'>['mode'];
export type LaneFrame = NonNullable<CallOutput<'lanes.frame'>['frame']>;

export type AccessRecord = CallInput<'access.save'>['record'];
export type AccessKind = AccessRecord['kind'];
export type StoredAccessRecord = CallOutput<'access.list'>['records'][number];
export type Permit = Extract<AccessRecord, { kind: 'permit' }>['definition'];

export type Evidence = CallOutput<'evidence.list'>['evidence'][number];
export type LaneSchedule = CallOutput<'lanes.schedules'>['schedules'][number];

export type SerialPortView = CallOutput<'devices.ports'>['ports'][number];
/** A built-in Modbus board's register map (at its full channel count). */
export type ModbusMapView = CallOutput<'devices.modbusMaps'>['maps'][number];
export type DeviceConfig = CallOutput<'devices.configs'>['devices'][number];
export type DeviceKind = DeviceConfig['kind'];
export type LaneSettings = CallOutput<'devices.configs'>['lanes'][number];

export type PrinterView = CallOutput<'printers.list'>['printers'][number];
export type PrinterSettings = CallInput<'printers.save'>['printer'];
export type PrinterConnection = PrinterSettings['connection'];
export type PrinterTest = CallOutput<'printers.testPrint'>;
