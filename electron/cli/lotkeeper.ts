import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CliError, consoleOutput, helpText, parseCommandArgs, type CommandEntry } from './command';

/**
 * Each command's module loads when that command is asked for: `--help`, a misuse or `db check` never load the
 * kiosk's services, the card and SMS SDKs or the plate reader that `serve` and `alpr` need.
 */
const COMMANDS: readonly CommandEntry[] = [
  {
    name: 'serve',
    summary: 'Run the kiosk without Electron: the core plus the console on http://127.0.0.1:<port> for a browser.',
    load: async () => (await import('./commands/serve')).serveCommand,
  },
  { name: 'db', summary: 'Check, back up, restore or migrate the site database.', load: async () => (await import('./commands/db')).dbCommand },
  {
    name: 'tariff',
    summary:
      "Price a stay with the site's rate tables (or a file's), line by line as on the receipt; check a rate-table file " +
      'before publishing it (every problem by path; exit 1 when there is one).',
    load: async () => (await import('./commands/tariff')).tariffCommand,
  },
  {
    name: 'report',
    summary: "A report over local dates in the site's zone (occupancy, traffic, money, reader), as text, CSV or JSON.",
    load: async () => (await import('./commands/report')).reportCommand,
  },
  {
    name: 'audit',
    summary: 'Verify the hash chain of the audit log: any edited, deleted or reordered row is reported.',
    load: async () => (await import('./commands/audit')).auditCommand,
  },
  {
    name: 'users',
    summary: 'Add a user from the command line; the PIN or password is read from standard input, never from an argument.',
    load: async () => (await import('./commands/users')).usersCommand,
  },
  {
    name: 'alpr',
    summary: 'Read plates from photos, or measure the reader on a labelled folder (like ../shared/alpr).',
    load: async () => (await import('./commands/alpr')).alprCommand,
  },
];

function overview(): string {
  return ['Lotkeeper: the parking-lot kiosk, from the command line.', '', 'Commands:', ...COMMANDS.map((c) => `  ${c.name.padEnd(10)}${c.summary}`), '', 'lotkeeper <command> --help for its options.'].join('\n');
}

/** Runs one command and returns its exit code; every failure is one line on stderr. */
export async function main(argv: string[], write = (text: string) => console.log(text), fail = (text: string) => console.error(text)): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    write(overview());
    return name === undefined ? 2 : 0;
  }
  const entry = COMMANDS.find((c) => c.name === name);
  try {
    if (!entry) throw new CliError(`unknown command "${name}" (see: lotkeeper --help)`, 2);
    const command = await entry.load();
    const { values, positionals } = parseCommandArgs(entry.name, command, rest);
    if (values['help']) {
      write(helpText(entry, command));
      return 0;
    }
    return await command.run({ values, positionals, out: consoleOutput(values['json'] === true, write) });
  } catch (error) {
    fail(`lotkeeper${entry ? ` ${entry.name}` : ''}: ${oneLine(error)}`);
    return error instanceof CliError ? error.exitCode : 1;
  }
}

const oneLine = (error: unknown) => (error instanceof Error ? error.message : String(error)).split('\n')[0];

/** Run as a program (node, npx, npm's bin link: a symlink without the extension), not imported by a test. */
function invokedDirectly(): boolean {
  const script = process.argv[1];
  if (script === undefined) return false;
  try {
    return realpathSync(script) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (invokedDirectly()) {
  void main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
