import type { ReactNode } from 'react';
import { SelectField, TextField } from '../../components/Field';
import { useI18n } from '../../i18n';
import type { ErrorOf } from './form-errors';
import { AUTO_PRESENT, CAPTURE_METHODS, READER_DRIVERS, type DemoBoardDraft, type ReaderDraft } from './reader-draft';

const READER_FIELDS = ['driver', 'laneId', 'autoPresentMs', 'readerId', 'secretKeyEnv', 'captureMethod'];

/** The reader form's fields the kiosk's issues are shown beside (paths in the reader's config). */
export const readerFieldPlaced = (path: string): boolean => READER_FIELDS.includes(path);

/**
 * A card reader: how it is reached, the lane it serves, then only that driver's fields. A Stripe reader's secret
 * key is never typed here: the form names the environment variable on the booth PC that holds it. The lane is only
 * shown: it is set in the lanes' wiring (the kiosk refuses anything else), and a button goes there.
 */
export function ReaderFields({ draft, set, errorOf, onWiring, focusFirst }: { draft: ReaderDraft; set(change: Partial<ReaderDraft>): void; errorOf: ErrorOf; onWiring(laneId: string | null): void; focusFirst: boolean }): ReactNode {
  const { t } = useI18n();
  return (
    <>
      <SelectField name="driver" label={t('devices.reader.driver')} value={draft.driver} data-autofocus={focusFirst || undefined} onChange={(e) => set({ driver: e.target.value as ReaderDraft['driver'] })} error={errorOf('driver')}
        options={READER_DRIVERS.map((d) => ({ value: d, label: t(`devices.reader.driver.${d}`) }))} />
      <TextField name="laneId" label={t('devices.reader.lane')} value={draft.laneId || t('devices.reader.noLane')} readOnly error={errorOf('laneId')} hint={t('devices.reader.laneSetInWiring')} />
      <div className="field reader-lane-jump">
        <button type="button" className="btn" onClick={() => onWiring(draft.laneId || null)} data-testid="reader-lane-wiring">{t('devices.reader.changeLane')}</button>
      </div>
      {draft.driver === 'simulated' ? (
        <>
          <SelectField name="autoPresent" label={t('devices.reader.autoPresent')} value={draft.autoPresent} onChange={(e) => set({ autoPresent: e.target.value as ReaderDraft['autoPresent'] })}
            options={AUTO_PRESENT.map((a) => ({ value: a, label: t(`devices.reader.autoPresent.${a}`) }))} />
          {draft.autoPresent === 'after' ? (
            <TextField name="autoPresentMs" label={t('devices.reader.autoPresentMs')} value={draft.autoPresentMs} onChange={(e) => set({ autoPresentMs: e.target.value })} error={errorOf('autoPresentMs')} hint={t('devices.reader.autoPresentMsHint')} inputMode="numeric" autoComplete="off" />
          ) : null}
        </>
      ) : (
        <>
          <TextField name="readerId" label={t('devices.reader.readerId')} value={draft.readerId} onChange={(e) => set({ readerId: e.target.value })} error={errorOf('readerId')} hint={t('devices.reader.readerIdHint')} autoComplete="off" spellCheck={false} />
          <SelectField name="captureMethod" label={t('devices.reader.captureMethod')} value={draft.captureMethod} onChange={(e) => set({ captureMethod: e.target.value as ReaderDraft['captureMethod'] })} error={errorOf('captureMethod')}
            options={CAPTURE_METHODS.map((c) => ({ value: c, label: t(`devices.reader.captureMethod.${c || 'default'}`) }))} />
          <TextField name="secretKeyEnv" label={t('devices.reader.secretKeyEnv')} value={draft.secretKeyEnv} onChange={(e) => set({ secretKeyEnv: e.target.value })} error={errorOf('secretKeyEnv')} hint={t('devices.reader.secretKeyEnvHint')} autoComplete="off" spellCheck={false} wide />
        </>
      )}
    </>
  );
}

/** The demo board's fields the kiosk's issues are shown beside. */
export const demoBoardFieldPlaced = (path: string): boolean => path === 'channels' || path === 'inputs';

/** The demo site's simulated relay board: how many relays and inputs it has. */
export function DemoBoardFields({ draft, set, errorOf, focusFirst }: { draft: DemoBoardDraft; set(change: Partial<DemoBoardDraft>): void; errorOf: ErrorOf; focusFirst: boolean }): ReactNode {
  const { t } = useI18n();
  return (
    <>
      <TextField name="channels" label={t('devices.demoBoard.channels')} value={draft.channels} onChange={(e) => set({ channels: e.target.value })} error={errorOf('channels')} hint={t('devices.demoBoard.channelsHint')} inputMode="numeric" autoComplete="off" data-autofocus={focusFirst || undefined} />
      <TextField name="inputs" label={t('devices.demoBoard.inputs')} value={draft.inputs} onChange={(e) => set({ inputs: e.target.value })} error={errorOf('inputs')} hint={t('devices.demoBoard.inputsHint')} inputMode="numeric" autoComplete="off" />
      <p className="muted field-wide">{t('devices.demoBoard.hint')}</p>
    </>
  );
}
