import { useState, type FormEvent, type ReactNode } from 'react';
import { useApp } from '../../app/context';
import { useCallAction } from '../../app/hooks';
import { Dialog } from '../../components/Dialog';
import { ErrorNotice } from '../../components/ErrorNotice';
import { fieldErrors } from '../../components/errors';
import { FormActions } from '../../components/FormActions';
import { TextField } from '../../components/Field';
import { useI18n } from '../../i18n';
import { plateKeysFromList } from '../../lib/plate';
import { useAmountReason } from '../../lib/amount-reason';
import type { WalletRow } from './WalletsPanel';

/** A supervisor's new wallet: who holds it and the plates it pays for (at least one, so the exit can find it). */
export function CreateWalletDialog({ onClose, onCreated }: { onClose(): void; onCreated(wallet: WalletRow): void }): ReactNode {
  const { client } = useApp();
  const { t } = useI18n();
  const [form, setForm] = useState({ holder: '', plates: '' });
  const [local, setLocal] = useState<{ holder?: string | undefined; plates?: string | undefined }>({});
  const { busy, error, run } = useCallAction();

  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    const holder = form.holder.trim();
    const keys = plateKeysFromList(form.plates);
    const problems = { holder: holder ? undefined : t('validation.holder'), plates: keys ? undefined : t('validation.plates') };
    setLocal(problems);
    if (problems.holder || !keys) return;
    await run(async () => {
      const { wallet } = await client.call('wallets.create', { holder, plates: keys });
      onCreated(wallet);
    });
  };
  const server = fieldErrors(error);
  return (
    <Dialog title={t('wallets.create')} onClose={onClose}>
      <form className="form-grid" onSubmit={submit} noValidate data-testid="create-wallet-form">
        <TextField name="holder" label={t('wallets.holder')} value={form.holder} onChange={(e) => setForm((f) => ({ ...f, holder: e.target.value }))} error={local.holder ?? server.holder} autoComplete="off" wide />
        <TextField name="plates" label={t('wallets.platesField')} value={form.plates} onChange={(e) => setForm((f) => ({ ...f, plates: e.target.value }))} error={local.plates ?? server.plates}
          hint={t('wallets.platesHint')} className="input-plate" autoComplete="off" spellCheck={false} wide />
        <FormActions submit={t('wallets.createSubmit')} busy={busy} onCancel={onClose} />
      </form>
      <ErrorNotice error={Object.keys(server).length ? null : error} />
    </Dialog>
  );
}

/** Money into a wallet, in the site's currency, with the reason the kiosk audits (an invoice, cash at the booth). */
export function TopUpDialog({ wallet, onClose, onDone }: { wallet: WalletRow; onClose(): void; onDone(message: string): void }): ReactNode {
  const { client } = useApp();
  const { t, fmt } = useI18n();
  const fields = useAmountReason();
  const { busy, error, run } = useCallAction();

  const submit = fields.submit(run, async (minor, reason) => {
    const after = (await client.call('wallets.topUp', { walletId: wallet.id, amountMinor: minor, reason })).wallet;
    onDone(t('wallets.toppedUp', { amount: fmt.money(minor, after.currency), holder: after.holder, balance: fmt.money(after.balanceMinor, after.currency) }));
  });
  const server = fieldErrors(error);
  return (
    <Dialog title={t('wallets.topUpTitle', { holder: wallet.holder })} onClose={onClose}>
      <form className="form-grid" onSubmit={submit} noValidate data-testid="top-up-form">
        <TextField name="top-up-amount" label={t('wallets.topUpAmount', { currency: wallet.currency })} inputMode="decimal" className="input-amount" value={fields.amount}
          onChange={(e) => fields.setAmount(e.target.value)} hint={t('wallets.topUpHint', { balance: fmt.money(wallet.balanceMinor, wallet.currency) })} error={fields.problems.amount ?? server.amountMinor} autoComplete="off" />
        <TextField name="top-up-reason" label={t('field.reason')} value={fields.reason} onChange={(e) => fields.setReason(e.target.value)} error={fields.problems.reason ?? server.reason} hint={t('field.reasonHint')} autoComplete="off" wide />
        <FormActions submit={t('wallets.topUpSubmit')} busy={busy} onCancel={onClose} />
      </form>
      <ErrorNotice error={Object.keys(server).length ? null : error} />
    </Dialog>
  );
}
