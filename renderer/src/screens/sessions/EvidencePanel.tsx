import type { ReactNode } from 'react';
import type { Session } from '../../api';
import type { Evidence } from '../../api/lane-types';
import { useApp } from '../../app/context';
import { useLoad } from '../../app/hooks';
import { laneName } from '../../app/names';
import { ErrorNotice } from '../../components/ErrorNotice';
import { useI18n } from '../../i18n';
import { DecisionCode } from '../../components/Decision';

interface Shown extends Evidence {
  readonly frame: string | null;
  readonly plate: string | null;
}

/** A kept picture, or in words why there is none: purged after the retention period, or its file is gone. */
function Picture({ jpeg, purged, caption }: { jpeg: string | null; purged: boolean; caption: string }): ReactNode {
  const { t } = useI18n();
  return (
    <figure>
      {jpeg ? <img src={`data:image/jpeg;base64,${jpeg}`} alt={caption} /> : <div className="evidence-purged">{t(purged ? 'evidence.purged' : 'evidence.missing')}</div>}
      <figcaption>{caption}</figcaption>
    </figure>
  );
}

/** The lane decisions behind a session (codes, and what they rested on) and the pictures kept as evidence. */
export function EvidencePanel({ session }: { session: Session }): ReactNode {
  const { client, layout } = useApp();
  const { t, fmt } = useI18n();
  const evidence = useLoad(async (): Promise<Shown[]> => {
    const { evidence: list } = await client.call('evidence.list', { sessionId: session.id });
    const image = async (e: Evidence, which: 'frame' | 'plate'): Promise<string | null> =>
      e.purged || (which === 'plate' && !e.hasPlate) ? null : (await client.call('evidence.image', { evidenceId: e.id, which })).jpegBase64;
    return Promise.all(list.map(async (e) => ({ ...e, frame: await image(e, 'frame'), plate: await image(e, 'plate') })));
  }, [session.id]);
  return (
    <section className="evidence-panel" data-testid="evidence">
      <h3>{t('evidence.title')}</h3>
      <dl className="dl">
        <div className="dl-item">
          <dt>{t('evidence.entryCode')}</dt>
          <dd data-testid="entry-code">
            {session.entryCode ? <DecisionCode code={session.entryCode} /> : '—'}
            {session.entryRef ? ` ${t('evidence.ref', { ref: session.entryRef })}` : ''}
          </dd>
        </div>
        <div className="dl-item">
          <dt>{t('evidence.exitCode')}</dt>
          <dd data-testid="exit-code">{session.exitCode ? <DecisionCode code={session.exitCode} /> : '—'}</dd>
        </div>
      </dl>
      <ErrorNotice error={evidence.error} />
      {evidence.data?.length === 0 ? <p className="muted">{t('evidence.none')}</p> : null}
      <div className="evidence">
        {(evidence.data ?? []).map((e) => {
          const stage = `${t(`evidence.stage.${e.stage}`)} · ${laneName(layout, e.laneId) ?? e.laneId}`;
          return [
            <Picture key={`${e.id}-frame`} jpeg={e.frame} purged={e.purged} caption={t('evidence.frame', { stage, time: fmt.dateTimeSeconds(e.capturedAt) })} />,
            e.hasPlate ? <Picture key={`${e.id}-plate`} jpeg={e.plate} purged={e.purged} caption={t('evidence.plate', { stage })} /> : null,
          ];
        })}
      </div>
    </section>
  );
}
