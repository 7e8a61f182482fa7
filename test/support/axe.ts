import axe from 'axe-core';
import type { Page } from 'playwright-core';

/** axe-core's WCAG A and AA rules on the page as it is; the violations, by rule and element. */
export async function axeViolations(page: Page): Promise<string[]> {
  // Evaluated through the debugging protocol: the extension page's CSP would refuse an inline script.
  await page.evaluate(axe.source);
  const result = await page.evaluate(() =>
    (window as unknown as { axe: typeof axe }).axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    }),
  );
  return result.violations.flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(' ')} (${v.help})`));
}
