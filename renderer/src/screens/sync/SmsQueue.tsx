import { useState, type FormEvent, type ReactNode } from 'react';
import { useApp } from '../../app/context';
import { useCallAction, useKioskEvent, useLoad } from '../../app/hooks';
import { ErrorNotice, SuccessNotice } from '../../components/ErrorNotice';
import { TextField } from '../../components/Field';
import { useI18n } from '../../i18n';

/** A driver who answered STOP and asks at the booth to get texts again; audited by the kiosk. */
function OptInForm(): ReactNode {
  const { client } = useApp();
  const { t } = useI18n();
  const [number, setNumber] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const { busy, error, run } = useCallAction();
  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    const typed = number.replace(/[\s()-]/g, '');
    setDone(null);
    await run(async () => {
      await client.call('sms.optIn', { number: typed });
      setDone(typed);
      setNumber('');
    });
  };
  return (
    <form className="sms-opt-in" onSubmit={submit} noValidate data-testid="sms-opt-in">
      <TextField name="opt-in-number" label={t('sms.optIn')} type="tel" autoComplete="off" value={number} onChange={(e) => setNumber(e.target.value)} hint={t('sms.optInHint')} />
      <button type="submit" className="btn" disabled={busy || !number.trim()}>{t('sms.optIn')}</button>
      {done ? <SuccessNotice>{t('sms.optInDone', { number: done })}</SuccessNotice> : <ErrorNotice error={error} labels={{ number: t('text.number') }} />}
    </form>
  );
}

/** The latest SMS and where each stands (numbers are shown masked, as the kiosk sends them). */
export function SmsQueue(): ReactNode {
  const { client } = useApp();
  const { t, fmt } = useI18n();
  const messages = useLoad(async () => (await client.call('sms.list', { limit: 50 })).messages, []);
  useKioskEvent('sms.failed', messages.reload);
  const rows = messages.data ?? [];
  return (
    <section className="panel" data-testid="sms-queue">
      <h2>{t('sms.title')}</h2>
      <OptInForm />
      {rows.length === 0 ? (
        <p className="muted">{t('sms.none')}</p>
      ) : (
        <table className="table table-compact">
          <thead>
            <tr>
              <th scope="col">{t('sms.created')}</th>
              <th scope="col">{t('sms.to')}</th>
              <th scope="col">{t('sms.template')}</th>
              <th scope="col">{t('sms.state')}</th>
              <th scope="col" className="num">{t('sms.attempts')}</th>
              <th scope="col">{t('sms.error')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((m) => (
              <tr key={m.id} data-state={m.state}>
                <td className="tnum">{fmt.dateTime(m.createdAt)}</td>
                <td className="tnum">{m.to}</td>
                <td>{m.template}</td>
                <td>{m.deliveryStatus && m.state !== m.deliveryStatus ? `${m.state} (${m.deliveryStatus})` : m.state}</td>
                <td className="num">{m.attempts}</td>
                <td>{m.lastError ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
