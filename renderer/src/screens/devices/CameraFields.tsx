import type { ReactNode } from 'react';
import { SelectField, TextField } from '../../components/Field';
import { useI18n } from '../../i18n';
import { CAMERA_DRIVERS, CAMERA_FIELDS, RTSP_TRANSPORTS, type CameraDraft, type CameraFieldKey } from './camera-draft';
import type { ErrorOf } from './form-errors';

/** The camera form's fields the kiosk's issues are shown beside (paths in the camera's config). */
export function cameraFieldPlaced(path: string): boolean {
  return path === 'driver' || Object.values(CAMERA_FIELDS).some((f) => f.shown.includes(path as CameraFieldKey));
}

const NUMERIC: ReadonlySet<CameraFieldKey> = new Set(['intervalMs', 'width', 'height', 'fps']);

/**
 * How the kiosk reaches a camera: the driver, then only that driver's fields, each labelled with its unit in
 * words; the demo site's simulated camera is offered only to the camera that is one.
 */
export function CameraFields({ draft, set, errorOf, wasDemo, focusFirst }: { draft: CameraDraft; set(change: Partial<CameraDraft>): void; errorOf: ErrorOf; wasDemo: boolean; focusFirst: boolean }): ReactNode {
  const { t } = useI18n();
  const drivers = CAMERA_DRIVERS.filter((d) => d !== 'demo' || wasDemo);
  const { shown, required } = CAMERA_FIELDS[draft.driver];
  // A URL's example follows the driver: an RTSP stream or a picture over HTTP.
  const hintOf = (key: CameraFieldKey): string | undefined => {
    if (key === 'url') return t(draft.driver === 'rtsp' ? 'devices.camera.urlHint.rtsp' : 'devices.camera.urlHint.http');
    if (key === 'intervalMs') return t(draft.driver === 'replay' ? 'devices.camera.intervalHint.replay' : 'devices.camera.intervalHint.snapshot');
    if (NUMERIC.has(key) && !required.includes(key)) return t('devices.camera.optional');
    return key === 'device' || key === 'ffmpegPath' || key === 'folder' ? t(`devices.camera.${key}Hint`) : undefined;
  };
  const field = (key: CameraFieldKey): ReactNode =>
    key === 'transport' ? (
      <SelectField key={key} name="transport" label={t('devices.camera.transport')} value={draft.transport} onChange={(e) => set({ transport: e.target.value as CameraDraft['transport'] })} error={errorOf('transport')}
        options={RTSP_TRANSPORTS.map((x) => ({ value: x, label: t(`devices.camera.transport.${x || 'default'}`) }))} />
    ) : (
      <TextField
        key={key}
        name={key}
        label={t(`devices.camera.${key}`)}
        value={draft[key]}
        onChange={(e) => set({ [key]: e.target.value })}
        error={errorOf(key)}
        hint={hintOf(key)}
        inputMode={NUMERIC.has(key) ? 'numeric' : undefined}
        autoComplete="off"
        spellCheck={false}
        wide={key === 'url' || key === 'folder'}
      />
    );
  return (
    <>
      <SelectField name="driver" label={t('devices.camera.driver')} value={draft.driver} data-autofocus={focusFirst || undefined} onChange={(e) => set({ driver: e.target.value as CameraDraft['driver'] })} error={errorOf('driver')}
        options={drivers.map((d) => ({ value: d, label: t(`devices.camera.driver.${d}`) }))} wide />
      {shown.map(field)}
      {draft.driver === 'demo' ? <p className="muted field-wide">{t('devices.camera.demoHint')}</p> : null}
    </>
  );
}
