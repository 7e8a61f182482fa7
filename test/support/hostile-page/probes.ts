/**
 * What hostile-page.test.ts reads from outside the hostile page's reach: strings only the panel
 * shows, the execution contexts the page gets, and what the attacker's own embeds of panel.html
 * render.
 */
import type { CDPSession, Page } from 'playwright-core';

/**
 * Customer data only the panel shows: its tokens with a digit, an @ or a currency sign (amounts,
 * dates, the masked email, ids) that the helpdesk page's own text does not have.
 */
export async function panelOnlyMarkers(page: Page): Promise<string[]> {
  const frame = page.frames().find((f) => /^chrome-extension:\/\/[^/]+\/panel\.html/.test(f.url()));
  const panelText = frame
    ? ((await frame.evaluate('document.body.innerText')) as string)
    : ((await page.evaluate("document.querySelector('leeway-panel')?.shadowRoot?.querySelector('.panel')?.innerText ?? ''")) as string);
  const pageText = (await page.evaluate(
    "(document.querySelector('#workspace')?.innerText ?? '') + ' ' + (document.querySelector('#top')?.innerText ?? '')",
  )) as string;
  const tokens = panelText.split(/[\s()·,]+/).filter((w) => w.length >= 4 && /[\d@$€£]/.test(w) && !pageText.includes(w));
  return [...new Set(tokens)].slice(0, 30);
}

/** Execution contexts the page gets: an extension content script shows up as an isolated world. */
export async function watchWorlds(page: Page): Promise<{ cdp: CDPSession; worlds: string[] }> {
  const cdp = await page.context().newCDPSession(page);
  const worlds: string[] = [];
  cdp.on('Runtime.executionContextCreated', (e: { context: { name: string; origin: string; auxData?: { type?: string } } }) => {
    // Playwright's own utility world is isolated too: not an extension's.
    if (e.context.name.startsWith('__playwright')) return;
    if (e.context.auxData?.type === 'isolated' || e.context.origin.startsWith('chrome-extension://'))
      worlds.push(`${e.context.name} ${e.context.origin}`);
  });
  await cdp.send('Runtime.enable');
  return { cdp, worlds };
}

/** Markers the attacker's own embeds of panel.html render, read from inside them (the page cannot). */
export async function embeddedShows(page: Page, markers: string[]): Promise<string[]> {
  const shown: string[] = [];
  for (const id of ['hostile-embed', 'hostile-embed-dynamic']) {
    const frame = await (await page.$(`#${id}`))?.contentFrame();
    if (!frame) continue;
    const text = (await frame.evaluate('document.body ? document.body.innerText : ""').catch(() => '')) as string;
    shown.push(...markers.filter((m) => text.includes(m)).map((m) => `${id}: ${m}`));
    if (text.includes('Dana Whitfield')) shown.push(`${id}: Dana Whitfield`);
  }
  return shown;
}
