import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach } from 'vitest';

const newTempDir = (): string => mkdtempSync(join(tmpdir(), 'lotkeeper-test-'));

/** A fresh folder per test, removed afterwards: real files, never mocks. */
export function useTempDirs(): () => string {
  const made: string[] = [];
  afterEach(() => {
    for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  return () => {
    const dir = newTempDir();
    made.push(dir);
    return dir;
  };
}

/**
 * One folder for a whole file's shared kiosk (started in beforeAll), removed after the file's last test: a folder
 * from useTempDirs is gone after the first test, and the kiosk's report worker opens the database by its path later.
 */
export function useFileTempDir(): string {
  const dir = newTempDir();
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}
