import { parseArgs } from 'node:util';
import { defaultDataDir } from '../kiosk/data-dir';

/** A command-line failure: printed as one line, exit code 2 for misuse, 1 for everything else. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: 1 | 2 = 1,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

export interface Output {
  /** Human text, or the value as JSON with --json. */
  result(value: unknown, text: string): void;
  line(text: string): void;
}

/** A command as the overview lists it; its module (and what that imports) loads only when the command is asked for. */
export interface CommandEntry {
  readonly name: string;
  readonly summary: string;
  load(): Promise<Command>;
}

export interface Command {
  readonly usage: string;
  readonly options: Record<string, OptionSpec>;
  readonly json?: boolean;
  /** Resolves to the exit code. */
  run(args: { values: Record<string, unknown>; positionals: string[]; out: Output }): Promise<number> | number;
}

export interface OptionSpec {
  readonly type: 'string' | 'boolean';
  readonly description: string;
}

const COMMON: Record<string, OptionSpec> = {
  help: { type: 'boolean', description: 'show this help' },
  json: { type: 'boolean', description: 'print the result as JSON' },
  'data-dir': { type: 'string', description: 'the kiosk data folder (default: the app data folder, or LOTKEEPER_DATA_DIR)' },
};

export function parseCommandArgs(name: string, command: Command, argv: string[]): { values: Record<string, unknown>; positionals: string[] } {
  try {
    const options = Object.fromEntries(Object.entries({ ...COMMON, ...command.options }).map(([name, spec]) => [name, { type: spec.type }]));
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new CliError(`${(error as Error).message.split('\n')[0]} (see: lotkeeper ${name} --help)`, 2);
  }
}

export function consoleOutput(json: boolean, write: (text: string) => void): Output {
  return {
    result: (value, text) => write(json ? JSON.stringify(value, null, 2) : text),
    line: (text) => {
      if (!json) write(text);
    },
  };
}

export function helpText(entry: CommandEntry, command: Command): string {
  const lines = [`lotkeeper ${command.usage}`, '', entry.summary, '', 'Options:'];
  for (const [name, option] of Object.entries({ ...command.options, ...COMMON })) {
    if (name === 'json' && !command.json) continue;
    lines.push(`  --${name}${option.type === 'string' ? ' <value>' : ''}`.padEnd(27) + ` ${option.description}`); // a space even after the longest flags
  }
  return lines.join('\n');
}

/** The kiosk data folder a command works on: --data-dir, else the app's own (LOTKEEPER_DATA_DIR or user data). */
export function dataDirOption(values: Record<string, unknown>): string {
  return (values['data-dir'] as string | undefined) ?? defaultDataDir();
}
