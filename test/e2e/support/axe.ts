/** axe-core (npm) run in the page: its serious and critical violations, and how many rules passed (it ran over something). */
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const axeSource = (createRequire(import.meta.url)('axe-core') as { source: string }).source;

export interface AxeFinding {
  id: string;
  impact: string;
  help: string;
  targets: string[];
}

/** Loads axe into the page (again after a navigation). */
export async function injectAxe(page: Page): Promise<void> {
  await page.evaluate(axeSource);
}

export function seriousViolations(page: Page): Promise<{ findings: AxeFinding[]; passed: number }> {
  return page.evaluate(async () => {
    type Rule = { id: string; impact?: string | null; help: string; nodes: { target: unknown[] }[] };
    const axe = (window as unknown as { axe: { run(context: Document): Promise<{ violations: Rule[]; passes: Rule[] }> } }).axe;
    const { violations, passes } = await axe.run(document);
    const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    return { findings: serious.map((v) => ({ id: v.id, impact: v.impact ?? '', help: v.help, targets: v.nodes.slice(0, 5).map((n) => n.target.join(' ')) })), passed: passes.length };
  });
}
