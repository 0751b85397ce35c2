import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { useApp } from '../../app/context';
import { useCallAction } from '../../app/hooks';
import { ErrorNotice } from '../../components/ErrorNotice';
import { fieldErrors } from '../../components/errors';
import { PlateField } from '../../components/PlateField';
import { UnrecordedCars } from '../../components/UnrecordedCars';
import type { UnrecordedCar } from '../../api/lane-types';
import { useI18n } from '../../i18n';
import { previewPlateKey } from '../../lib/plate';
import { CandidateList, type Candidate } from './CandidateList';
import { ExitPanel, type ExitResult } from './ExitPanel';
import { NoEntryRecord } from './NoEntryRecord';

/**
 * Lets a car out by hand: find its session by plate (the kiosk's OCR-tolerant match, best first), pick it, see
 * what is owed now, give a reason, confirm (or take the payment, which finishes the exit). The charge the exit
 * recorded comes back from the kiosk and stays on screen.
 */
export function ManualExitScreen(): ReactNode {
  const { client, route } = useApp();
  const { t } = useI18n();
  const plateRef = useRef<HTMLInputElement>(null);
  const [plate, setPlate] = useState('');
  const [candidates, setCandidates] = useState<Candidate[] | null>(null);
  /** Cars the plate matches that were let through on a full disk: no session to pick yet, said apart. */
  const [unrecorded, setUnrecorded] = useState<UnrecordedCar[]>([]);
  const [picked, setPicked] = useState<number | null>(null);
  const [local, setLocal] = useState<string | undefined>();
  const { busy, error, run, fail } = useCallAction();
  const [finished, setFinished] = useState<ExitResult | null>(null);

  useEffect(() => plateRef.current?.focus(), [route.focus]);
  useEffect(() => {
    if (!route.sessionId) return;
    client.call('sessions.get', { id: route.sessionId }).then(
      ({ session }) => {
        setPlate(session.plateRaw);
        setCandidates([{ session, score: 1 }]);
        setPicked(session.id);
      },
      fail,
    );
  }, [client, route.sessionId, fail]);

  const find = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    if (!previewPlateKey(plate).ok) {
      setLocal(plate.trim() ? t('validation.plateShape') : t('validation.plateRequired'));
      return;
    }
    setLocal(undefined);
    await run(
      async () => {
        setFinished(null);
        const { candidates: found, unrecorded: kept } = await client.call('sessions.matchExit', { plate: plate.trim() });
        setCandidates(found);
        setUnrecorded(kept);
        setPicked(found[0]?.session.id ?? null);
      },
      () => setCandidates(null),
    );
  };

  const chosen = candidates?.find((c) => c.session.id === picked)?.session ?? null;
  return (
    <div className="exit-screen">
      <h1>{t('nav.exit')}</h1>
      <div className="exit-grid">
        <section className="card" aria-labelledby="find-title">
          <h2 id="find-title">{t('exit.findTitle')}</h2>
          <form className="find-form" onSubmit={find} noValidate role="search">
            <PlateField
              ref={plateRef}
              name="plate"
              value={plate}
              onChange={(e) => setPlate(e.target.value)}
              error={local ?? fieldErrors(error).plate}
              hint={t('exit.plateHint')}
            />
            <button type="submit" className="btn btn-primary" disabled={busy}>{t('exit.find')}</button>
          </form>
          <ErrorNotice error={fieldErrors(error).plate ? null : error} />
          {candidates ? <UnrecordedCars cars={unrecorded} /> : null}
          {candidates ? <CandidateList candidates={candidates} picked={picked} onPick={setPicked} /> : null}
          {candidates ? <NoEntryRecord key={plate} plate={plate} onPriced={(session) => { setCandidates([{ session, score: 1 }]); setPicked(session.id); }} /> : null}
        </section>
        <ExitPanel
          key={chosen?.id ?? 'none'}
          session={chosen}
          finished={finished}
          onFinished={(r) => {
            setFinished(r);
            setCandidates(null);
            setPicked(null);
            setPlate('');
          }}
        />
      </div>
    </div>
  );
}
