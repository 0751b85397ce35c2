import { readFileSync } from 'node:fs';
import { roleSchema } from '../../kiosk/contract';
import { createCore } from '../../kiosk/core';
import { runningKioskPid } from '../../kiosk/instance-lock';
import { databaseFile } from '../../kiosk/data-dir';
import { createLogger } from '../../kiosk/log';
import { openStore } from '../../kiosk/store/store';
import { UserService } from '../../kiosk/users/user-service';
import { CliError, dataDirOption, type Command } from '../command';

/** The first admin of a real site (a site file carries no users), or a user added while the console is unreachable. */
export const usersCommand: Command = {
  usage: 'users add --username <name> --role attendant|supervisor|admin [--name "Display name"] [--password] < secret',
  json: true,
  options: {
    username: { type: 'string', description: 'login name, 2-32 letters, digits, dots or dashes' },
    role: { type: 'string', description: 'attendant, supervisor or admin' },
    name: { type: 'string', description: 'display name (default: the username)' },
    password: { type: 'boolean', description: 'the secret is a password (default: a 4-8 digit PIN)' },
  },
  async run({ values, positionals, out }) {
    if (positionals[0] !== 'add' || positionals.length > 1) throw new CliError('usage: lotkeeper users add --username <name> --role <role> < secret', 2);
    const username = String(values['username'] ?? '');
    if (!/^[a-z0-9._-]{2,32}$/i.test(username)) throw new CliError('--username must be 2-32 letters, digits, dots or dashes', 2);
    const role = roleSchema.safeParse(values['role']);
    if (!role.success) throw new CliError('--role must be attendant, supervisor or admin', 2);
    const secret = readFileSync(0, 'utf8').split('\n')[0]!.trim();
    const dataDir = dataDirOption(values);
    const pid = runningKioskPid(dataDir);
    if (pid !== null) throw new CliError(`the kiosk (pid ${pid}) is running on ${dataDir}: add users from its console, or stop it first`);
    const store = openStore(databaseFile(dataDir), { now: Date.now() });
    try {
      const core = createCore(store, Date.now, createLogger({ dataDir: null, level: 'silent' }));
      const user = await new UserService(core).create(
        { username, displayName: String(values['name'] ?? username), role: role.data, secretKind: values['password'] ? 'password' : 'pin', secret },
        null,
      );
      out.result(user, `added ${user.role} "${user.username}" (id ${user.id})`);
      return 0;
    } finally {
      await store.close();
    }
  },
};
