import type { Database, Statement } from 'better-sqlite3';

export interface Wallet {
  id: number;
  holder: string;
  currency: string;
  balanceMinor: number;
  active: boolean;
  plates: string[];
}

export interface WalletMovement {
  id: number;
  walletId: number;
  kind: 'topup' | 'debit' | 'refund' | 'adjustment';
  amountMinor: number;
  balanceAfterMinor: number;
  paymentId: number | null;
  at: number;
  by: string;
}

interface WalletRow {
  id: number;
  holder: string;
  currency: string;
  balance_minor: number;
  active: number;
}

/**
 * Prepaid wallets. The balance only ever moves through `move`, a guarded UPDATE that refuses to go below zero: two
 * lanes debiting at once are serialised by SQLite's write lock, and the loser sees 0 rows changed, never an
 * overdraft (the table's CHECK is the last line).
 */
export class WalletsRepo {
  private readonly moveStmt: Statement;
  private readonly movementStmt: Statement;

  constructor(private readonly db: Database) {
    this.moveStmt = db.prepare('UPDATE wallets SET balance_minor = balance_minor + @delta, updated_at = @at WHERE id = @id AND active = 1 AND balance_minor + @delta >= 0 RETURNING balance_minor');
    this.movementStmt = db.prepare(`INSERT INTO wallet_movements (wallet_id, kind, amount_minor, balance_after_minor, payment_id, refund_id, at, by)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?)`);
  }

  /** `plates`: each as typed (normalised) and folded; two that fold alike are one plate to the exit, kept once. */
  create(wallet: { holder: string; currency: string; plates: ReadonlyArray<{ key: string; fold: string }> }, at: number): Wallet {
    const { lastInsertRowid } = this.db.prepare('INSERT INTO wallets (holder, currency, created_at, updated_at) VALUES (?, ?, ?, ?)').run(wallet.holder, wallet.currency, at, at);
    const id = Number(lastInsertRowid);
    this.addPlates(id, wallet.plates);
    return this.get(id)!;
  }

  /** The wallet pays for these plates too (a plate that folds like one it has is kept once). */
  addPlates(walletId: number, plates: ReadonlyArray<{ key: string; fold: string }>): void {
    const plate = this.db.prepare('INSERT OR IGNORE INTO wallet_plates (plate_fold, wallet_id, plate_key) VALUES (?, ?, ?)');
    for (const { key, fold } of plates) plate.run(fold, walletId, key);
  }

  /** The wallet no longer pays for these plates (folded); `null`: for none at all (its holder was erased). */
  removePlates(walletId: number, folds: readonly string[] | null): void {
    if (folds === null) this.db.prepare('DELETE FROM wallet_plates WHERE wallet_id = ?').run(walletId);
    else for (const fold of folds) this.db.prepare('DELETE FROM wallet_plates WHERE wallet_id = ? AND plate_fold = ?').run(walletId, fold);
  }

  get(id: number): Wallet | undefined {
    const row = this.db.prepare('SELECT * FROM wallets WHERE id = ?').get(id) as WalletRow | undefined;
    if (!row) return undefined;
    const plates = this.db.prepare('SELECT coalesce(plate_key, plate_fold) AS plate FROM wallet_plates WHERE wallet_id = ? ORDER BY plate').pluck().all(id) as string[];
    return { id: row.id, holder: row.holder, currency: row.currency, balanceMinor: row.balance_minor, active: row.active === 1, plates };
  }

  /**
   * Every wallet when no filter is given; otherwise those paying for the folded plate OR whose holder contains
   * `holderPart` (case-insensitive for A-Z): one search box at the booth takes either.
   */
  list(filter: { plateFold?: string | undefined; holderPart?: string | undefined; limit: number }): Wallet[] {
    const ids = this.db
      .prepare(`SELECT id FROM wallets
        WHERE (@fold IS NULL AND @holder IS NULL)
           OR id IN (SELECT wallet_id FROM wallet_plates WHERE plate_fold = @fold)
           OR instr(lower(holder), lower(@holder)) > 0
        ORDER BY id LIMIT @limit`)
      .pluck()
      .all({ fold: filter.plateFold ?? null, holder: filter.holderPart ?? null, limit: filter.limit }) as number[];
    return ids.map((id) => this.get(id)!);
  }

  /**
   * Adds `delta` (negative: a debit) and writes the movement; returns the new balance, or null when the wallet is
   * unknown, inactive or would go below zero (nothing written). Call inside the change's transaction.
   */
  move(walletId: number, delta: number, movement: { kind: WalletMovement['kind']; paymentId?: number | null; refundId?: number | null; at: number; by: string }): number | null {
    const row = this.moveStmt.get({ id: walletId, delta, at: movement.at }) as { balance_minor: number } | undefined;
    if (!row) return null;
    this.movementStmt.run(walletId, movement.kind, delta, row.balance_minor, movement.paymentId ?? null, movement.refundId ?? null, movement.at, movement.by);
    return row.balance_minor;
  }

  movements(walletId: number, limit: number): WalletMovement[] {
    const rows = this.db.prepare('SELECT id, wallet_id, kind, amount_minor, balance_after_minor, payment_id, at, by FROM wallet_movements WHERE wallet_id = ? ORDER BY id DESC LIMIT ?').all(walletId, limit) as Record<string, number | string | null>[];
    return rows.map((r) => ({ id: r['id'] as number, walletId: r['wallet_id'] as number, kind: r['kind'] as WalletMovement['kind'], amountMinor: r['amount_minor'] as number, balanceAfterMinor: r['balance_after_minor'] as number, paymentId: r['payment_id'] as number | null, at: r['at'] as number, by: r['by'] as string }));
  }
}
