import type { ReactNode } from 'react';
import type { ModbusMapView } from '../../api/lane-types';
import { SelectField, TextField } from '../../components/Field';
import { useI18n } from '../../i18n';
import { BOARD_PROFILES, DATA_BITS, PARITIES, PORT_BY, PROTOCOLS, STOP_BITS, type RelayDraft } from './draft';
import type { ErrorOf } from './form-errors';
import { startingMapDraft, type RegisterMapDraft } from './register-map-draft';
import { RegisterMapTable } from './RegisterMapTable';

/** The board model's register map, or the board's own (the table). */
const MAP_SOURCES = ['model', 'own'] as const;
/** The Modbus model a board without one has (native/relay's default). */
const GENERIC_MODEL = 'generic-coils';

/** The relay form's fields the kiosk's issues are shown beside (paths in the board's config). */
export function relayFieldPlaced(path: string): boolean {
  const root = path.split('.')[0] ?? path;
  return path.startsWith('registerMap.') || RELAY_FIELDS.has(root);
}
const RELAY_FIELDS: ReadonlySet<string> = new Set(['protocol', 'port', 'path', 'serialNumber', 'baudRate', 'dataBits', 'parity', 'stopBits', 'profile', 'channels', 'inputs', 'modbusAddress', 'pulseMs', 'timeoutMs']);

/**
 * A relay board on a serial port: which protocol and board model, how it is found, its serial settings, channels
 * and timings; a Modbus board's unit id and, when it is not its model's, its own register map (a table).
 */
export function RelayFields({ draft, set, errorOf, focusFirst, modbusMaps }: { draft: RelayDraft; set(change: Partial<RelayDraft>): void; errorOf: ErrorOf; focusFirst: boolean; modbusMaps: readonly ModbusMapView[] }): ReactNode {
  const { t } = useI18n();
  const channels = /^\d+$/.test(draft.channels.trim()) ? Number(draft.channels) : null;
  const ownMapFromModel = (): RegisterMapDraft => startingMapDraft(modbusMaps.find((m) => m.profile === (draft.profile || GENERIC_MODEL)), channels);
  const num = (key: 'channels' | 'inputs' | 'modbusAddress' | 'pulseMs' | 'timeoutMs' | 'baudRate'): ReactNode => (
    <TextField name={key} inputMode="numeric" label={t(`devices.${key}`)} value={draft[key]} onChange={(e) => set({ [key]: e.target.value })} error={errorOf(key)} autoComplete="off" />
  );
  return (
    <>
      <SelectField name="protocol" label={t('devices.protocol')} value={draft.protocol} data-autofocus={focusFirst || undefined} onChange={(e) => set({ protocol: e.target.value as RelayDraft['protocol'] })}
        options={PROTOCOLS.map((p) => ({ value: p, label: t(`devices.protocol.${p}`) }))} />
      <SelectField name="portBy" label={t('devices.portBy')} value={draft.portBy} onChange={(e) => set({ portBy: e.target.value as RelayDraft['portBy'] })}
        options={PORT_BY.map((p) => ({ value: p, label: t(`devices.portBy.${p}`) }))} />
      {draft.portBy === 'path' ? (
        <TextField name="path" label={t('devices.portPath')} value={draft.path} onChange={(e) => set({ path: e.target.value })} error={errorOf('path') ?? errorOf('port')} autoComplete="off" spellCheck={false} wide />
      ) : draft.portBy === 'serialNumber' ? (
        <TextField name="serialNumber" label={t('devices.serialNumber')} value={draft.serialNumber} onChange={(e) => set({ serialNumber: e.target.value })} error={errorOf('serialNumber') ?? errorOf('port.serialNumber') ?? errorOf('port')} hint={t('devices.serialNumberHint')} autoComplete="off" spellCheck={false} wide />
      ) : (
        <>
          <TextField name="vendorId" label={t('devices.vendorId')} value={draft.vendorId} error={errorOf('port.vendorId') ?? errorOf('port')} onChange={(e) => set({ vendorId: e.target.value })} autoComplete="off" spellCheck={false} />
          <TextField name="productId" label={t('devices.productId')} value={draft.productId} error={errorOf('port.productId')} onChange={(e) => set({ productId: e.target.value })} autoComplete="off" spellCheck={false} />
        </>
      )}
      {num('baudRate')}
      <SelectField name="dataBits" label={t('devices.dataBits')} value={draft.dataBits} error={errorOf('dataBits')} onChange={(e) => set({ dataBits: e.target.value as RelayDraft['dataBits'] })}
        options={DATA_BITS.map((b) => ({ value: b, label: b || t('devices.default') }))} />
      <SelectField name="parity" label={t('devices.parity')} value={draft.parity} error={errorOf('parity')} onChange={(e) => set({ parity: e.target.value as RelayDraft['parity'] })}
        options={PARITIES.map((p) => ({ value: p, label: p ? t(`devices.parity.${p}`) : t('devices.default') }))} />
      <SelectField name="stopBits" label={t('devices.stopBits')} value={draft.stopBits} error={errorOf('stopBits')} onChange={(e) => set({ stopBits: e.target.value as RelayDraft['stopBits'] })}
        options={STOP_BITS.map((b) => ({ value: b, label: b || t('devices.default') }))} />
      <p className="muted field-wide">{t('devices.serialHint')}</p>
      <SelectField name="profile" label={t('devices.profile')} value={draft.profile} error={errorOf('profile')} onChange={(e) => set({ profile: e.target.value as RelayDraft['profile'] })}
        options={BOARD_PROFILES[draft.protocol].map((p) => ({ value: p, label: t(`devices.profile.${p || `default.${draft.protocol}`}`) }))} wide />
      {draft.protocol === 'modbus' && draft.ownMap ? <p className="muted field-wide" data-testid="channels-from-map">{t('devices.map.channelsFromRows', { count: draft.ownMap.addresses.length })}</p> : num('channels')}
      {num('inputs')}
      {draft.protocol === 'modbus' ? (
        <>
          {num('modbusAddress')}
          <SelectField name="mapSource" label={t('devices.map.source')} value={draft.ownMap ? 'own' : 'model'} onChange={(e) => set({ ownMap: e.target.value === 'own' ? ownMapFromModel() : null })}
            options={MAP_SOURCES.map((s) => ({ value: s, label: t(`devices.map.source.${s}`) }))} wide />
          {draft.ownMap ? <RegisterMapTable map={draft.ownMap} set={(ownMap) => set({ ownMap })} errorOf={errorOf} /> : null}
        </>
      ) : null}
      {num('pulseMs')}
      {num('timeoutMs')}
      <p className="muted field-wide">{t('devices.defaultHint')}</p>
    </>
  );
}
