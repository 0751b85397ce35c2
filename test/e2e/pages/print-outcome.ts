import type { Locator } from 'playwright-core';

/** The line a Print button leaves under itself: printed, printed with the paper low, or the error, as shown. */
export async function printOutcome(scope: Locator): Promise<string> {
  const line = scope.getByTestId('print-outcome').locator('[role="status"], [role="alert"]').first();
  await line.waitFor();
  return (await line.innerText()).trim();
}
