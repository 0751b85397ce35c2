/**
 * Prepaid wallets of registered drivers and accounts, and merchants' validation codes: what a supervisor creates
 * and tops up at the booth. Each change commits with its audit row and its outbox row; the debits themselves
 * happen where a stay is paid (ledger.ts), which is what keeps a wallet from going below zero.
 */
import type { WalletView } from '../contract/payments';
import { audit, type Actor } from '../core';
import { conflict, notFound } from '../errors';
import { foldConfusable, normalisePlate, PlateError } from '../domain/plate';
import type { StoredValidationCode } from '../store/payments-repo';
import type { PaymentsContext } from './ledger';

/** A search box's text as a folded plate, or undefined when it cannot be a plate (a holder's name, say). */
function plateFoldOrUndefined(text: string): string | undefined {
  try {
    return foldConfusable(normalisePlate(text));
  } catch (error) {
    if (error instanceof PlateError) return undefined;
    throw error;
  }
}

export class Accounts {
  private readonly core: PaymentsContext['core'];
  private readonly wallets: PaymentsContext['wallets'];
  private readonly repo: PaymentsContext['repo'];

  constructor(ctx: PaymentsContext) {
    ({ core: this.core, wallets: this.wallets, repo: this.repo } = ctx);
  }

  /** `plate` must be a plate; `search` is a plate or part of a holder's name, so text that is no plate only matches names. */
  list(filter: { plate?: string | undefined; search?: string | undefined }): WalletView[] {
    const plateFold = filter.plate ? foldConfusable(normalisePlate(filter.plate)) : filter.search ? plateFoldOrUndefined(filter.search) : undefined;
    return this.wallets.list({ plateFold, holderPart: filter.search, limit: 100 });
  }

  create(holder: string, plates: readonly string[], actor: Actor): WalletView {
    const currency = this.core.layout().site.currency;
    return this.core.store.change(() => {
      const wallet = this.wallets.create({ holder, currency, plates: plates.map((p) => normalisePlate(p)).map((key) => ({ key, fold: foldConfusable(key) })) }, this.core.now());
      audit(this.core, { actor: actor.username, action: 'wallet.create', subject: `wallet:${wallet.id}`, detail: { holder, plates } });
      this.core.store.outbox.append('wallet', `wallet:${wallet.id}:created`, wallet, this.core.now());
      return wallet;
    });
  }

  topUp(walletId: number, amountMinor: number, reason: string, actor: Actor): WalletView {
    return this.core.store.change(() => {
      const balance = this.wallets.move(walletId, amountMinor, { kind: 'topup', at: this.core.now(), by: actor.username });
      if (balance === null) throw notFound(`active wallet ${walletId}`);
      audit(this.core, { actor: actor.username, action: 'wallet.topup', subject: `wallet:${walletId}`, detail: { amountMinor, balanceMinor: balance, reason } });
      this.core.store.outbox.appendEvent('wallet', `wallet:${walletId}:topup`, { walletId, amountMinor, balanceMinor: balance }, this.core.now());
      return this.wallets.get(walletId)!;
    });
  }

  validationCodes(limit: number): StoredValidationCode[] {
    return this.repo.validationCodes(limit);
  }

  createValidationCode(code: { code: string; merchant: string; minutesOff?: number; valueOffMinor?: number; maxUses: number; validFrom: number; validTo: number }, actor: Actor): void {
    if (this.repo.validationCode(code.code)) throw conflict(`validation code ${code.code} already exists`);
    const at = this.core.now();
    const row = { ...code, kind: code.minutesOff !== undefined ? ('time' as const) : ('value' as const), minutesOff: code.minutesOff ?? null, valueOffMinor: code.valueOffMinor ?? null };
    this.core.store.change(() => {
      this.repo.insertValidationCode(row, at, actor.username);
      audit(this.core, { actor: actor.username, action: 'validation.create', subject: `validation:${code.code}`, detail: row });
      this.core.store.outbox.append('validation_code', `validation_code:${code.code}`, row, at);
    });
  }
}
