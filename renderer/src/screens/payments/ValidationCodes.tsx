import { useState, type FormEvent, type ReactNode } from 'react';
import type { CallOutput } from '../../api';
import { useApp } from '../../app/context';
import { useCallAction, useLoad } from '../../app/hooks';
import { ErrorNotice, SuccessNotice } from '../../components/ErrorNotice';
import { fieldErrors } from '../../components/errors';
import { TextField } from '../../components/Field';
import { TableHead } from '../../components/TableHead';
import { useI18n } from '../../i18n';
import { readAmount } from '../../lib/amount';

type CodeRow = CallOutput<'validations.list'>['codes'][number];
type CodeKind = CodeRow['kind'];

const MAX_MINUTES_OFF = 44_640;
const DAY_MS = 86_400_000;

/** "60" -> 60; null for anything but a plain whole number (no sign, no decimals, no exponent). */
function wholeNumber(text: string): number | null {
  return /^\s*\d{1,9}\s*$/.test(text) ? Number(text) : null;
}

/** Why a driver's code would be refused now, or 'active'. */
function codeState(code: CodeRow, now: number): 'active' | 'upcoming' | 'expired' | 'usedUp' | 'revoked' {
  if (code.revokedAt !== null) return 'revoked';
  if (now < code.validFrom) return 'upcoming';
  if (now >= code.validTo) return 'expired';
  return code.uses >= code.maxUses ? 'usedUp' : 'active';
}

const STATE_BADGE: Record<ReturnType<typeof codeState>, string> = { active: 'badge-ok', upcoming: 'badge-open', expired: 'badge-closed', usedUp: 'badge-closed', revoked: 'badge-bad' };

/** The merchants' codes (supervisor): a new code takes off either time or money, and the list shows what is left of each. */
export function ValidationCodes(): ReactNode {
  const { client } = useApp();
  const codes = useLoad(async () => (await client.call('validations.list', {})).codes, []);
  return (
    <div className="validation-codes">
      <ValidationCodeForm onCreated={codes.reload} />
      <ValidationCodeList codes={codes.data ?? []} loading={codes.loading} error={codes.error} />
    </div>
  );
}

function ValidationCodeForm({ onCreated }: { onCreated(): Promise<void> }): ReactNode {
  const { client } = useApp();
  const { t, fmt } = useI18n();
  const [form, setForm] = useState({ code: '', merchant: '', kind: 'time' as CodeKind, minutes: '60', value: '', uses: '100', days: '30' });
  const [local, setLocal] = useState<Partial<Record<keyof typeof form, string>>>({});
  const [done, setDone] = useState<string | null>(null);
  const { busy, error, run } = useCallAction();
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) => setForm((f) => ({ ...f, [k]: e.target.value }));

  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    setDone(null);
    const code = form.code.trim().toUpperCase();
    const minutes = wholeNumber(form.minutes);
    const value = readAmount(form.value, fmt.digits, t);
    const uses = wholeNumber(form.uses);
    const days = wholeNumber(form.days);
    const problems = {
      code: /^[A-Z0-9-]{4,32}$/.test(code) ? undefined : t('validation.code'),
      merchant: form.merchant.trim() ? undefined : t('validation.merchant'),
      minutes: form.kind === 'time' && (minutes === null || minutes < 1 || minutes > MAX_MINUTES_OFF) ? t('validation.minutesOff') : undefined,
      value: form.kind === 'value' && 'problem' in value ? value.problem : undefined,
      uses: uses === null || uses < 1 ? t('validation.number') : undefined,
      days: days === null || days < 1 ? t('validation.number') : undefined,
    };
    setLocal(problems);
    if (Object.values(problems).some(Boolean) || minutes === null || uses === null || days === null) return;
    // Exactly one of the two is sent: the kiosk refuses a code that takes off both, or neither.
    const off = form.kind === 'time' ? { minutesOff: minutes } : 'minor' in value ? { valueOffMinor: value.minor } : null;
    if (!off) return;
    await run(async () => {
      const now = Date.now();
      await client.call('validations.create', { code, merchant: form.merchant.trim(), ...off, maxUses: uses, validFrom: now, validTo: now + days * DAY_MS });
      await onCreated();
      setDone(t('payments.codeCreated', { code }));
    });
  };
  const server = fieldErrors(error);
  return (
    <section className="card">
      <h2>{t('payments.newCode')}</h2>
      <form className="form-grid" onSubmit={submit} noValidate data-testid="validation-code-form">
        <TextField name="code" label={t('payments.code')} value={form.code} onChange={set('code')} error={local.code ?? server.code} className="input-plate" autoComplete="off" spellCheck={false} />
        <TextField name="merchant" label={t('payments.merchant')} value={form.merchant} onChange={set('merchant')} error={local.merchant ?? server.merchant} autoComplete="off" />
        <fieldset className="code-kind">
          <legend>{t('payments.codeKind')}</legend>
          {(['time', 'value'] as const).map((kind) => (
            <label key={kind} className="radio-row">
              <input type="radio" name="code-kind" value={kind} checked={form.kind === kind} onChange={set('kind')} /> {t(`payments.codeKind.${kind}`)}
            </label>
          ))}
        </fieldset>
        {form.kind === 'time' ? (
          <TextField name="minutes" label={t('payments.minutesOff')} inputMode="numeric" value={form.minutes} onChange={set('minutes')} error={local.minutes ?? server.minutesOff} />
        ) : (
          <TextField name="value" label={t('payments.valueOff', { currency: fmt.currency })} inputMode="decimal" className="input-amount" value={form.value} onChange={set('value')} error={local.value ?? server.valueOffMinor} />
        )}
        <TextField name="uses" label={t('payments.maxUses')} inputMode="numeric" value={form.uses} onChange={set('uses')} error={local.uses ?? server.maxUses} />
        <TextField name="days" label={t('payments.validDays')} inputMode="numeric" value={form.days} onChange={set('days')} error={local.days ?? server.validTo} />
        <div className="form-actions field-wide"><button type="submit" className="btn btn-primary" disabled={busy}>{t('payments.createCode')}</button></div>
        <div className="field-wide form-result">
          {done ? <SuccessNotice><span data-testid="code-created">{done}</span></SuccessNotice> : null}
          <ErrorNotice error={Object.keys(server).length ? null : error} />
        </div>
      </form>
    </section>
  );
}

function ValidationCodeList({ codes, loading, error }: { codes: readonly CodeRow[]; loading: boolean; error: unknown }): ReactNode {
  const { t, fmt, duration } = useI18n();
  const now = Date.now();
  return (
    <section className="card panel-scroll" aria-label={t('payments.codes')}>
      <ErrorNotice error={error} />
      <table className="table table-compact codes-table" data-testid="codes-table" aria-busy={loading}>
        <TableHead columns={[{ label: t('payments.code') }, { label: t('payments.merchant') }, { label: t('payments.codeOff'), num: true }, { label: t('payments.codeUsesLeft'), num: true }, { label: t('payments.codeValid') }, { label: t('payments.codeState') }]} />
        <tbody>
          {codes.length === 0 ? <tr><td colSpan={6} className="muted">{loading ? t('common.loading') : t('payments.codesNone')}</td></tr> : null}
          {codes.map((c) => {
            const state = codeState(c, now);
            return (
              <tr key={c.code} data-code={c.code}>
                <td className="nowrap"><code>{c.code}</code></td>
                <td>{c.merchant}</td>
                <td className="num nowrap">{c.kind === 'time' ? duration(c.minutesOff ?? 0) : fmt.money(c.valueOffMinor ?? 0)}</td>
                <td className="num nowrap">{t('payments.codeUsesLeftValue', { left: c.maxUses - c.uses, max: c.maxUses })}</td>
                <td>{t('payments.codeValidRange', { from: fmt.dayTime(c.validFrom, now), until: fmt.dateTime(c.validTo) })}</td>
                <td><span className={`badge ${STATE_BADGE[state]}`}>{t(`payments.codeState.${state}`)}</span></td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}
