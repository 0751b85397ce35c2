import type { Reporter, TestCase, TestModule } from 'vitest/node';
import { SKIP_MARK } from './requires';

/**
 * Ends the run with one plain line, "N passed, N failed, N skipped", that CI reads whatever the runner; when tests
 * skipped, the same line says why, grouped by the reason their title carries (test/support/requires.ts).
 */
export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    const counts = { passed: 0, failed: 0, skipped: 0 };
    const reasons = new Map<string, number>();
    for (const testModule of testModules) {
      const failedBefore = counts.failed;
      for (const test of testModule.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') counts.passed++;
        else if (state === 'failed') counts.failed++;
        else {
          counts.skipped++;
          const reason = skipReason(test);
          reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
        }
      }
      // A file that failed to load or whose hooks threw has no failed test of its own: it still failed.
      if (!testModule.ok() && counts.failed === failedBefore) counts.failed++;
    }
    const why = [...reasons].map(([reason, n]) => `${n}: ${reason}`).join('; ');
    process.stdout.write(`\n${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped${why ? ` (${why})` : ''}\n`);
  }
}

function skipReason(test: TestCase): string {
  const name = test.fullName;
  const at = name.indexOf(SKIP_MARK);
  if (at >= 0) return name.slice(at + SKIP_MARK.length, name.indexOf(']', at));
  return 'not selected or marked skip/todo';
}
