import { checkAuditAnchor, verifyAuditChain } from '../../kiosk/domain/audit-chain';
import { databaseFile } from '../../kiosk/data-dir';
import { openStore } from '../../kiosk/store/store';
import { CliError, dataDirOption, type Command } from '../command';

export const auditCommand: Command = {
  usage: 'audit verify [--data-dir DIR] [--json]',
  json: true,
  options: {},
  async run({ values, positionals, out }) {
    if (positionals[0] !== 'verify' || positionals.length > 1) throw new CliError('usage: lotkeeper audit verify', 2);
    const store = openStore(databaseFile(dataDirOption(values)), { now: Date.now(), readonly: true });
    try {
      const result = checkAuditAnchor(verifyAuditChain(store.audit.iterate()), store.outbox.auditAnchor());
      out.result(
        result,
        result.ok
          ? `OK: ${result.count} audit rows, chain intact (head ${result.lastHash.slice(0, 16)}…)`
          : `TAMPERED: the chain breaks at row ${result.firstBadSeq} (${result.reason.replaceAll('_', ' ')}) after ${result.count} good rows`,
      );
      return result.ok ? 0 : 1;
    } finally {
      await store.close();
    }
  },
};
