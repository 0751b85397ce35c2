import type { ReactNode } from 'react';
import { useApp } from '../../app/context';
import { useKioskEvent, useLoad } from '../../app/hooks';
import { useI18n } from '../../i18n';

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
