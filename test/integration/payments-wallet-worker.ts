/**
 * One "lane" debiting a wallet over its own SQLite connection, for the concurrency test and bench/payments:
 *   tsx payments-wallet-worker.ts <dbFile> <walletId> <debits> <amountMinor>
 * Each debit is its own BEGIN IMMEDIATE transaction, as a payment is. Prints {"ok":n,"refused":m}.
 */
import { openStore } from '../../electron/kiosk/store/store';
import { WalletsRepo } from '../../electron/kiosk/store/wallets-repo';

const [file, walletText, countText, amountText] = process.argv.slice(2);
const store = openStore(file!, { now: Date.now() });
const wallets = new WalletsRepo(store.db);
let ok = 0;
let refused = 0;
for (let i = 0; i < Number(countText); i++) {
  const balance = store.change(() => wallets.move(Number(walletText), -Number(amountText), { kind: 'debit', at: Date.now(), by: `pid-${process.pid}` }));
  if (balance === null) refused += 1;
  else ok += 1;
  if (i % 10 === 0) await new Promise((resolve) => setImmediate(resolve)); // let the other lanes interleave
}
await store.close();
console.log(JSON.stringify({ ok, refused }));
