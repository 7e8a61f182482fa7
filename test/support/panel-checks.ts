import axe from 'axe-core';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { panel } from './browser';

/**
 * axe-core's WCAG A and AA rules on the panel's own document (panel.html, framed in the helpdesk
 * page): the violations, by rule and element. The helpdesk page around it is not ours to judge.
 */
export async function panelAxeViolations(page: Page): Promise<string[]> {
  const frame = page.frames().find((f) => new URL(f.url()).pathname === '/panel.html');
  if (!frame) throw new Error('the page has no Leeway panel frame');
  // Evaluated through the debugging protocol: the extension page's CSP would refuse an inline script.
  await frame.evaluate(axe.source);
  const result = await frame.evaluate(() =>
    (window as unknown as { axe: typeof axe }).axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
    }),
  );
  return result.violations.flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(' ')} (${v.help})`));
}

/**
 * The selectors of the panel that are NOT in view without scrolling: the frame's own box in the
 * page and the panel body's scroll both count (scrolled to the top, as a panel opens).
 */
export async function outOfView(page: Page, selectors: string[]): Promise<string[]> {
  const frame = page.frames().find((f) => new URL(f.url()).pathname === '/panel.html');
  if (!frame) throw new Error('the page has no Leeway panel frame');
  const box = await page.locator('iframe[data-leeway-panel]').boundingBox();
  const viewport = page.viewportSize();
  if (!box || !viewport || box.y < 0 || box.y + box.height > viewport.height) return selectors;
  return frame.evaluate((sels) => {
    const body = document.querySelector('.panel > .body');
    if (!body) return sels;
    body.scrollTop = 0;
    const shown = body.getBoundingClientRect();
    const bottom = Math.min(shown.bottom, window.innerHeight);
    return sels.filter((s) => {
      const el = document.querySelector(s);
      if (!el) return true;
      const r = el.getBoundingClientRect();
      return r.height === 0 || r.top < shown.top || r.bottom > bottom;
    });
  }, selectors);
}

/** The agent asks for more than their leeway: action, reason, amount (the verdict must say approval), note, request; waits for the pending card. */
export async function askForApproval(page: Page, action: string, amount: string, reason: string, note: string): Promise<void> {
  const p = panel(page);
  await p.locator('select[name=action]').selectOption(action);
  await p.locator('select[name=reason]').selectOption(reason);
  await p.locator('input[name=amount]').fill(amount);
  await expect.poll(() => p.locator('[data-field="verdict"]').getAttribute('data-outcome')).toBe('needs_approval');
  await p.locator('textarea[name=note]').fill(note);
  await p.getByRole('button', { name: /^Request approval from a / }).click();
  await p.locator('[data-field="exception"][data-status="pending"]').waitFor();
}

/**
 * Where the panel's frame stands, in one line, for a failure message: the wrapper's display, the
 * frame's size and opacity in the page, and the panel document's own viewport and box. A panel
 * element "hidden" to Playwright has an empty box in its own document: this says why.
 */
export async function frameDiagnosis(page: Page): Promise<string> {
  const outside = await page.evaluate(() => {
    const wrapper = document.querySelector<HTMLElement>('[data-leeway-frame]');
    const iframe = document.querySelector<HTMLIFrameElement>('iframe[data-leeway-panel]');
    const r = iframe?.getBoundingClientRect();
    return {
      frames: document.querySelectorAll('[data-leeway-frame]').length,
      wrapperDisplay: wrapper ? getComputedStyle(wrapper).display : null,
      iframe: r ? `${r.width}x${r.height} opacity ${iframe!.style.opacity}` : null,
      visibility: document.visibilityState,
    };
  });
  const frame = page.frames().find((f) => new URL(f.url()).pathname === '/panel.html');
  const inside = await frame
    ?.evaluate(() => {
      const p = document.querySelector('.panel')?.getBoundingClientRect();
      return {
        viewport: `${innerWidth}x${innerHeight}`,
        panel: p ? `${p.width}x${p.height}` : null,
        text: document.body.textContent?.slice(0, 160),
      };
    })
    .catch((e: Error) => ({ error: e.message }));
  return JSON.stringify({ ...outside, inside: inside ?? 'no panel frame' });
}

/** `locator.waitFor`, whose timeout says where the panel's frame stood (frameDiagnosis). */
export async function waitInPanel(page: Page, locator: { waitFor(o: { timeout: number }): Promise<void> }, timeout = 10_000) {
  try {
    await locator.waitFor({ timeout });
  } catch (e) {
    throw new Error(`${(e as Error).message}\nthe panel's frame: ${await frameDiagnosis(page)}`);
  }
}
