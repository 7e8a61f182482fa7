/**
 * "The panel shows the customer's name", stamped where it happens, for panel_ready_ms and the
 * per-adapter figures. The name is in panel.html (an out-of-process extension frame the page
 * cannot see into) and the frame is visible only once the page's content script shows it, so
 * "shown" is the later of the two moments: name rendered in the frame, frame made visible.
 * Every stamp is performance.timeOrigin + performance.now(), the clock node's nowMs() shares.
 */
import type { Page } from 'playwright-core';

declare global {
  interface Window {
    __leewayReadyAt?: number;
    __leewayFrameVisibleAt?: number;
  }
}

/**
 * Init script for every frame (page.addInitScript reaches the extension frame too). Source text,
 * not a function: tsx would wrap inner functions in a `__name` helper the page lacks.
 */
export const stampPanelShown = (name: string) => `(() => {
  const name = ${JSON.stringify(name)};
  const now = () => performance.timeOrigin + performance.now();
  const check = (root) => {
    const el = root.querySelector('[data-field="customer-name"]');
    if (el && el.textContent === name && window.__leewayReadyAt === undefined) window.__leewayReadyAt = now();
  };
  if (location.protocol === 'chrome-extension:') {
    if (!/\\/panel\\.html$/.test(location.pathname)) return;
    const start = () => { new MutationObserver(() => check(document)).observe(document, { childList: true, subtree: true, characterData: true }); check(document); };
    return void (document.documentElement ? start() : addEventListener('DOMContentLoaded', start));
  }
  if (window !== window.top) return;
  // opacityProperty: the content script keeps the frame transparent (not hidden) until it is shown.
  const visible = (el) => { const r = el.getBoundingClientRect(); return r.width > 0 && r.height > 0 && el.checkVisibility({ checkVisibilityCSS: true, visibilityProperty: true, opacityProperty: true }); };
  // Found by the document's additions, then watched alone (its own and its wrapper's attributes):
  // each check forces a layout, and one on every change the helpdesk page makes would be this
  // harness's work inside the figure (about 19 ms a ticket, measured with a CPU profile).
  const checkFrame = (frame) => {
    if (window.__leewayFrameVisibleAt === undefined && visible(frame)) window.__leewayFrameVisibleAt = now();
  };
  const doc = new MutationObserver(() => {
    const frame = document.querySelector('iframe[data-leeway-panel]');
    if (!frame) return;
    doc.disconnect();
    new MutationObserver(() => checkFrame(frame)).observe(frame.parentElement ?? frame, { attributes: true, subtree: true, attributeFilter: ['style', 'class', 'hidden'] });
    checkFrame(frame);
  });
  doc.observe(document, { childList: true, subtree: true });
})()`;

const isPanelFrame = (url: string) => /^chrome-extension:\/\/[^/]+\/panel\.html/.test(url);

/** When the panel showed the name (page clock), waiting up to `timeoutMs`. */
export async function panelShownAt(page: Page, timeoutMs = 30_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const top = (await page.evaluate('({ visible: window.__leewayFrameVisibleAt ?? null })')) as { visible: number | null };
    const frame = page.frames().find((f) => isPanelFrame(f.url()));
    const named = frame ? ((await frame.evaluate('window.__leewayReadyAt ?? null').catch(() => null)) as number | null) : null;
    // Visible is stamped once, at the first time: if the frame showed "Reading…" first, the name is later.
    if (named !== null && top.visible !== null) return Math.max(named, top.visible);
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`the panel did not show the customer within ${timeoutMs} ms`);
}
