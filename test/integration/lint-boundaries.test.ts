/**
 * The process boundaries of ARCHITECTURE.md are enforced by eslint.config.js; this proves each one bites: a forbidden
 * import (or clock/randomness call) in each folder is reported, and the allowed ones are not. The snippets are linted
 * as if they lived at the given path; the files need not exist.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
// The snippets' files need not exist, so the type-aware rules (which need the file in the TypeScript project) are off.
const eslint = new ESLint({
  cwd: root,
  overrideConfigFile: join(root, 'eslint.config.js'),
  overrideConfig: { languageOptions: { parserOptions: { projectService: false } }, rules: { '@typescript-eslint/no-floating-promises': 'off' } },
});
const BOUNDARY_RULES = new Set([
  '@typescript-eslint/no-restricted-imports',
  'no-restricted-properties',
  'no-restricted-syntax',
  'no-restricted-globals',
  '@typescript-eslint/no-import-type-side-effects',
]);

/** The boundary violations ESLint reports for `code` at `file`; a parse error fails the test instead. */
async function violations(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(root, file) });
  const messages = result?.messages ?? [];
  const fatal = messages.filter((m) => m.ruleId === null);
  if (fatal.length > 0) throw new Error(`${file}: ${fatal.map((m) => m.message).join('; ')}`);
  return messages.filter((m) => m.ruleId !== null && BOUNDARY_RULES.has(m.ruleId)).map((m) => m.message);
}

const cases: { file: string; forbidden: string[]; allowed: string[] }[] = [
  {
    file: 'electron/kiosk/lanes/lane.ts',
    forbidden: [
      "import { app } from 'electron';",
      "import type { BrowserWindow } from 'electron';",
      "import { App } from '../../../renderer/src/App';",
      "import { ModbusSimulator } from '../../../native/relay/simulators/modbus';",
      "import type { PlateReader } from '../../../native/alpr/reader';",
    ],
    allowed: [
      "import { z } from 'zod';",
      "import { readFileSync } from 'node:fs';",
      "import Database from 'better-sqlite3';",
      "import { calls } from '../contract';",
      "import { createRelayBoard } from '../../../native/relay';",
      "import type { PlateReader } from '../../../native/alpr';",
    ],
  },
  {
    file: 'electron/kiosk/domain/tariff-x.ts',
    forbidden: [
      "import { readFileSync } from 'node:fs';",
      "import fs from 'fs';",
      "import { join } from 'node:path';",
      "import Database from 'better-sqlite3';",
      "import { WebSocket } from 'ws';",
      "import pino from 'pino';",
      "import { sessionsRepo } from '../store/sessions-repo';",
      "import { startBridge } from '../bridge';",
      "import { Relay } from '../../../native/relay/relay';",
      "import { randomUUID } from 'node:crypto';",
      "import { ipcMain } from 'electron';",
      'export const at = Date.now();',
      'export const pick = Math.random();',
      'export const today = new Date();',
      "export const home = process.env['HOME'];",
      'setTimeout(() => undefined, 10);',
    ],
    allowed: [
      "import { createHash } from 'node:crypto';",
      "import { z } from 'zod';",
      "import { normalisePlate } from './plate';",
      'export const epoch = new Date(0);',
      'export const later = (now: number) => now + 60_000;',
    ],
  },
  {
    file: 'native/relay/serial-relay.ts',
    forbidden: [
      "import { app } from 'electron';",
      "import { calls } from '../../electron/kiosk/contract';",
      "import type { Lane } from '../../electron/kiosk/contract';",
      "import { App } from '../../renderer/src/App';",
    ],
    allowed: ["import { SerialPort } from 'serialport';", "import { once } from 'node:events';", "import type { RelayDriver } from './relay';"],
  },
  {
    file: 'renderer/src/pages/Dashboard.tsx',
    forbidden: [
      "import { ipcRenderer } from 'electron';",
      "import { readFileSync } from 'node:fs';",
      "import { join } from 'path';",
      "import Database from 'better-sqlite3';",
      "import WebSocket from 'ws';",
      "import pino from 'pino';",
      "import { calls } from '../../../electron/kiosk/contract';",
      "import { IPC_CALL_CHANNEL } from '../../../electron/preload-api';",
      "import { createKiosk } from '../../../electron/kiosk/kiosk';",
      "import type { Kiosk } from '../../../electron/kiosk/kiosk';",
      "import { formatMoney } from '../../../electron/kiosk/domain/money';",
      "import type { Relay } from '../../../native/relay/relay';",
      // Only inline type specifiers: still a runtime import of the module under verbatimModuleSyntax.
      "import { type CallResult } from '../../../electron/kiosk/contract';",
    ],
    allowed: [
      "import { useState } from 'react';",
      "import type { CallName, Session } from '../../../electron/kiosk/contract';",
      "import type { LotkeeperApi } from '../../../electron/preload-api';",
      "import { Button } from '../components/Button';",
    ],
  },
  {
    file: 'renderer/src/screens/sessions/SessionDetail.tsx',
    forbidden: [
      "import { Decision } from '../lanes/Decision';",
      "import { laneModel } from '../lanes/model';",
      "import { ipcRenderer } from 'electron';",
      "import { calls } from '../../../../electron/kiosk/contract';",
    ],
    allowed: [
      "import { SessionReasonForm } from './SessionReasonForm';",
      "import { Decision } from '../../components/Decision';",
      "import { reasonText } from '../../lib/reason';",
      "import type { Session } from '../../../../electron/kiosk/contract';",
    ],
  },
  {
    file: 'renderer/src/components/Header.tsx',
    forbidden: ["import { QueueCount } from '../screens/lanes/QueueCount';"],
    allowed: ["import { Field } from './Field';", "import { formatPlate } from '../lib/plate';"],
  },
  {
    file: 'electron/main.ts',
    forbidden: ["import { openDatabase } from './kiosk/store/database';", "import { App } from '../renderer/src/App';"],
    allowed: [
      "import { app, BrowserWindow } from 'electron';",
      "import { createKiosk } from './kiosk/kiosk';",
      "import { calls } from './kiosk/contract';",
      "import { bindKioskIpc } from './ipc';",
    ],
  },
  {
    file: 'electron/window-policy.ts',
    forbidden: ["import { session } from 'electron';"],
    allowed: ["import type { WebPreferences } from 'electron';"],
  },
  {
    file: 'electron/launch.ts',
    forbidden: ["import electronPath from 'electron';"],
    allowed: ["import { spawn } from 'node:child_process';"],
  },
  {
    file: 'electron/cli/lotkeeper.ts',
    forbidden: ["import { app } from 'electron';"],
    allowed: ["import { createKiosk } from '../kiosk/kiosk';"],
  },
];

describe('eslint process boundaries', () => {
  for (const { file, forbidden, allowed } of cases) {
    describe(file, () => {
      it.each(forbidden)('reports %s', async (code) => {
        expect(await violations(file, code)).not.toEqual([]);
      });
      it.each(allowed)('allows %s', async (code) => {
        expect(await violations(file, code)).toEqual([]);
      });
    });
  }

  it('relaxes the boundaries for tests, beside the code and under test/', async () => {
    const code = "import { readFileSync } from 'node:fs';\nimport { app } from 'electron';\nexport const t = Date.now();";
    expect(await violations('electron/kiosk/domain/plate.test.ts', code)).toEqual([]);
    expect(await violations('test/integration/x.test.ts', code)).toEqual([]);
  });

  it("reports a promise in the product's code that is neither awaited, caught nor marked void, and not in a test", async () => {
    // The type-aware rule needs a file of the TypeScript project: a real one, with a floating promise added.
    const typed = new ESLint({ cwd: root, overrideConfigFile: join(root, 'eslint.config.js') });
    const file = 'electron/kiosk/payments/qr-checkout.ts';
    const floating = async (code: string) => {
      const [result] = await typed.lintText(`${readFileSync(join(root, file), 'utf8')}\n${code}\n`, { filePath: join(root, file) });
      return (result?.messages ?? []).filter((m) => m.ruleId === '@typescript-eslint/no-floating-promises').length;
    };
    expect(await floating('export function later(): void {\n  Promise.resolve(1).then(() => undefined);\n}')).toBe(1);
    expect(await floating('export function later(): void {\n  void Promise.resolve(1);\n}')).toBe(0);
    expect(await floating('export function later(): void {\n  Promise.resolve(1).catch(() => undefined);\n}')).toBe(0);
  }, 60_000);
});
