import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { alprCommand } from './commands/alpr';
import { auditCommand } from './commands/audit';
import { dbCommand } from './commands/db';
import { reportCommand } from './commands/report';
import { serveCommand } from './commands/serve';
import { tariffCommand } from './commands/tariff';
import { usersCommand } from './commands/users';
import { CliError, consoleOutput, helpText, parseCommandArgs, type Command } from './command';

const COMMANDS: readonly Command[] = [serveCommand, dbCommand, tariffCommand, reportCommand, auditCommand, usersCommand, alprCommand];

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
  const command = COMMANDS.find((c) => c.name === name);
  try {
    if (!command) throw new CliError(`unknown command "${name}" (see: lotkeeper --help)`, 2);
    const { values, positionals } = parseCommandArgs(command, rest);
    if (values['help']) {
      write(helpText(command));
      return 0;
    }
    return await command.run({ values, positionals, out: consoleOutput(values['json'] === true, write) });
  } catch (error) {
    fail(`lotkeeper${command ? ` ${command.name}` : ''}: ${oneLine(error)}`);
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
