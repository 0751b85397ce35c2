// Lint rules, and above all the process boundaries of ARCHITECTURE.md, enforced per folder with restricted imports.
// typescript-eslint runs without type information (recommended + strict): the type-checked presets are too slow
// for our 2-core build machines, and `tsc --noEmit` already does the type checking.
// ESLint applies the last matching config's options for a rule, so each folder's rule lists every restriction
// that applies to it (built with `restrict(...)` from the groups below). test/integration/lint-boundaries.test.ts
// proves each boundary with a forbidden and an allowed import.
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const bareBuiltins = builtinModules.filter((name) => !name.startsWith('_') && !name.startsWith('node:'));

/** A restriction group: exact module names (`paths`) and regular expressions on the import source (`patterns`). */
const group = (message, { names = [], regexes = [], allowTypeImports = false, importNames }) => ({
  paths: names.map((name) => ({ name, message, allowTypeImports, ...(importNames ? { importNames } : {}) })),
  patterns: regexes.map((regex) => ({ regex, message, allowTypeImports })),
});

const electronPackage = group("The core, the drivers and the console never import 'electron': only the shell (electron/*.ts) does.", {
  names: ['electron'],
  regexes: ['^electron/'],
});
const electronTypesOnly = group("Only `import type` from 'electron' here: this file runs under vitest without Electron.", {
  names: ['electron'],
  allowTypeImports: true,
});
const rendererFolder = group('Main-process code never imports the console (renderer/).', { regexes: ['(^|/)renderer(/|$)'] });
const driverInternals = group('The core uses a driver only through its entry, native/<driver>/index.ts (interface, factory, simulator).', {
  regexes: ['(^|/)native/[a-z-]+/'],
});
const electronFolder = group('Drivers (native/) know nothing of the core or the shell: the core sees them through interfaces.', {
  regexes: ['^\\.{1,2}/(.*/)?electron/'],
});
const kioskInternals = group('The shell uses the core only through kiosk/kiosk (createKiosk) and kiosk/contract.', {
  regexes: ['^\\./kiosk/(?!(kiosk|contract)(\\.ts)?$)'],
});
const nodeBuiltins = group('The console runs in the browser sandbox: no Node built-ins; ask the kiosk through the contract.', {
  names: bareBuiltins,
  regexes: ['^node:'],
});
const serverPackages = group('Server-side package: only the main process uses it.', {
  names: ['better-sqlite3', 'ws', 'pino', 'pino-roll', 'onnxruntime-node', 'serialport'],
  regexes: ['^@serialport/'],
});
const contractTypesOnly = group('The console imports the contract and the preload API as types only (`import type`).', {
  regexes: ['(^|/)electron/(kiosk/contract|preload-api)(\\.ts)?$'],
  allowTypeImports: true,
});
const restOfMainProcess = group('The console talks to the main process only through window.lotkeeper / the bridge.', {
  regexes: ['(^|/)electron/(?!(kiosk/contract|preload-api)(\\.ts)?$)', '(^|/)native(/|$)'],
});
const otherScreens = group('A screen folder holds the screen, its parts and its styles: a part two screens need lives in renderer/src/components or lib.', {
  regexes: ['^\\.\\./(?!\\.)'],
});
const screensFolder = group('Shared console code (components, lib, api, i18n) never reaches into a screen folder.', {
  regexes: ['(^|/)screens(/|$)'],
});
const domainIo = group('domain/ is pure: no I/O. Pass data in, get decisions out; the store and the drivers live elsewhere.', {
  names: ['fs', 'better-sqlite3', 'ws', 'pino', 'pino-roll'],
  regexes: ['^node:(?!crypto$)', `^(${bareBuiltins.filter((name) => name !== 'crypto').join('|')})(/|$)`, '^\\.{1,2}/(.*/)?(store|bridge|native)(/|\\.ts$|$)'],
});
const domainRandomness = group('domain/ takes randomness as a parameter; node:crypto is here for hashing only.', {
  names: ['node:crypto', 'crypto'],
  importNames: ['randomBytes', 'randomUUID', 'randomInt', 'randomFill', 'randomFillSync', 'getRandomValues', 'webcrypto'],
});

function restrict(...groups) {
  return ['error', { paths: groups.flatMap((g) => g.paths), patterns: groups.flatMap((g) => g.patterns) }];
}
const boundary = (files, ...groups) => ({ files, rules: { '@typescript-eslint/no-restricted-imports': restrict(...groups) } });

const clockMessage = 'domain/ has no clock and no randomness: take `now` / a random source as a parameter.';

export default defineConfig(
  { ignores: ['dist/', 'release/', 'coverage/', 'test-results/', 'bench/out/', '.data/', 'node_modules/'] },
  js.configs.recommended,
  tseslint.configs.recommended,
  tseslint.configs.strict,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module', globals: { ...globals.node } },
    rules: {
      'no-restricted-imports': 'off', // the TypeScript version below understands `import type`
      // tsconfig has noUncheckedIndexedAccess: `row[i]!` after a bounds check is the idiom it asks for, not a smell.
      '@typescript-eslint/no-non-null-assertion': 'off',
      // `import { type A } from 'x'` still loads 'x' under verbatimModuleSyntax: in the console that would bundle the
      // contract (and zod) through a type-only import. `import type { A }` is erased.
      '@typescript-eslint/no-import-type-side-effects': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
  { files: ['renderer/**'], languageOptions: { globals: { ...globals.browser } } },
  // A promise nobody awaits loses its error (a QR code's answer from Stripe once reached a closed database that way,
  // as an unhandled rejection): in the product every promise is awaited, caught or marked `void`.
  {
    files: ['electron/**/*.ts', 'native/**/*.ts', 'renderer/**/*.ts', 'renderer/**/*.tsx'],
    ignores: ['**/*.test.ts', '**/*.test.tsx'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: { '@typescript-eslint/no-floating-promises': 'error' },
  },
  // Plain CommonJS scripts (e.g. models/training/verify_onnx.cjs, run with node against onnxruntime-node).
  { files: ['**/*.cjs'], languageOptions: { sourceType: 'commonjs' }, rules: { '@typescript-eslint/no-require-imports': 'off' } },

  boundary(['electron/kiosk/**'], electronPackage, rendererFolder, driverInternals),
  boundary(['electron/kiosk/domain/**'], electronPackage, rendererFolder, driverInternals, domainIo, domainRandomness),
  boundary(['native/**'], electronPackage, electronFolder, rendererFolder),
  boundary(['renderer/**'], electronPackage, nodeBuiltins, serverPackages, contractTypesOnly, restOfMainProcess),
  // Screens are folders one level under screens/ (renderer/README.md): `../x/` from a screen's file is another screen.
  boundary(['renderer/src/screens/*/*'], electronPackage, nodeBuiltins, serverPackages, contractTypesOnly, restOfMainProcess, otherScreens),
  boundary(['renderer/src/{components,lib,api,i18n}/**'], electronPackage, nodeBuiltins, serverPackages, contractTypesOnly, restOfMainProcess, screensFolder),
  boundary(['electron/*.ts'], rendererFolder, kioskInternals),
  // Tested under vitest with Electron injected or absent: 'electron' as types only.
  boundary(['electron/window-policy.ts', 'electron/preload-api.ts', 'electron/ipc.ts'], electronTypesOnly, rendererFolder, kioskInternals),
  // Plain Node (tsx / node): importing 'electron' there starts a download of its binary.
  boundary(['electron/launch.ts', 'electron/build-main.ts', 'electron/cli/**'], electronPackage, rendererFolder),

  {
    files: ['electron/kiosk/domain/**'],
    rules: {
      'no-restricted-properties': [
        'error',
        { object: 'Date', property: 'now', message: clockMessage },
        { object: 'Math', property: 'random', message: clockMessage },
        { object: 'performance', property: 'now', message: clockMessage },
        { object: 'crypto', property: 'randomUUID', message: clockMessage },
        { object: 'crypto', property: 'getRandomValues', message: clockMessage },
      ],
      'no-restricted-syntax': ['error', { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: clockMessage }],
      'no-restricted-globals': [
        'error',
        ...['setTimeout', 'setInterval', 'setImmediate', 'fetch', 'process'].map((name) => ({
          name,
          message: 'domain/ is pure: no timers, network or process state.',
        })),
      ],
    },
  },

  // Tests and benchmarks may reach across boundaries to set things up.
  {
    files: ['**/*.test.ts', '**/*.test.tsx', 'test/**', 'bench/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': 'off',
      'no-restricted-properties': 'off',
      'no-restricted-syntax': 'off',
      'no-restricted-globals': 'off',
    },
  },
);
