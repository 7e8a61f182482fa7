/**
 * Every animation frame of a helpdesk page, in the page AND in the panel's own frame, stamped on
 * one clock (performance.timeOrigin + performance.now(), which both processes share), so a test
 * can count "stale frames": frames where the panel is visible and names a customer who is not the
 * current ticket's. The panel lives in an extension-origin iframe the page cannot read, so its
 * side is sampled by a script in that frame; the page's side says where the page is (href, the
 * ticket its URL names) and whether the iframe is on screen.
 *
 * Works with both panels: the extension frame (`iframe[data-leeway-panel]` → panel.html) and the
 * older in-page shadow root (`leeway-panel`), so the harness can be checked against builds from
 * before the frame existed (where it must find the stale frames issue 15 describes).
 *
 * Install with `installFrameSampler(page)` BEFORE the first goto: init scripts run in every frame
 * the page gets, including the out-of-process extension frame, from its first task.
 */
import type { Frame, Page } from 'playwright-core';

/** One page frame: where the page is and whether the panel can be seen. */
export interface PageSample {
  t: number;
  href: string;
  /** The ticket the URL names, by the fixture's own rule (window.__fixtureUrlTicket), when the page has one. */
  urlTicket: string | null;
  visible: boolean;
  /** 'frame': the extension iframe; 'inline': the old shadow-root panel (then ticket/name/phase are read here). */
  mode: 'frame' | 'inline' | 'none';
  /** 'raf': an animation frame; 'url': the URL changed; 'dom': the panel's visibility changed. */
  via: 'raf' | 'url' | 'dom';
  ticket?: string | null;
  name?: string | null;
  phase?: string | null;
}

/** One frame of the panel page (or a change seen by its MutationObserver, `via: 'mutation'`). */
export interface PanelSample {
  t: number;
  ticket: string | null;
  name: string | null;
  phase: string | null;
  via: 'raf' | 'mutation';
}

export interface FrameRecord {
  page: PageSample[];
  panel: PanelSample[];
  /** What the page itself says it showed: spa.js's log and ground truth (each ticket's requester names). */
  fixtureLog: unknown[];
  fixtureTruth: Record<string, string[]> | null;
  /** Durations of the page's long tasks (main thread busy ≥ 50 ms: no frame meanwhile). */
  longTasks?: number[];
}

/**
 * Source text, not a function: tsx wraps inner functions in a `__name` helper the page lacks.
 * Runs in every frame: the top helpdesk document samples the page; panel.html samples the panel.
 */
const SAMPLER = `(() => {
  if (window.__leewaySamples) return;
  const samples = (window.__leewaySamples = []);
  const now = () => performance.timeOrigin + performance.now();
  const isPanelPage = location.protocol === 'chrome-extension:' && /\\/panel\\.html$/.test(location.pathname);
  const isTop = window === window.top && /^https?:$/.test(location.protocol);
  const text = (el) => (el ? el.textContent : null);
  const shown = (el) => {
    if (!el || !el.isConnected) return false;
    const r = el.getBoundingClientRect();
    if (r.width <= 0 || r.height <= 0) return false;
    return el.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true, opacityProperty: true, visibilityProperty: true });
  };
  const panelState = (root) => {
    const panel = root && root.querySelector('.panel');
    return {
      ticket: panel ? panel.getAttribute('data-ticket') : null,
      name: root ? text(root.querySelector('[data-field="customer-name"]')) : null,
      phase: panel ? panel.getAttribute('data-phase') : null,
    };
  };
  if (isPanelPage) {
    const push = (via) => samples.push({ t: now(), ...panelState(document), via });
    const tick = () => { push('raf'); requestAnimationFrame(tick); };
    requestAnimationFrame(tick);
    // A hidden frame gets no animation frames: changes made meanwhile are still recorded, so the
    // state at the moment it is shown again is known.
    const start = () => new MutationObserver(() => push('mutation')).observe(document.documentElement, { subtree: true, childList: true, characterData: true, attributes: true });
    if (document.documentElement) start(); else addEventListener('DOMContentLoaded', start);
  } else if (isTop) {
    const lastVisible = { v: null };
    const state = (via) => {
      const frame = document.querySelector('iframe[data-leeway-panel]');
      const host = document.querySelector('leeway-panel');
      const urlTicket = typeof window.__fixtureUrlTicket === 'function' ? window.__fixtureUrlTicket() : null;
      const base = { t: now(), href: location.href, urlTicket, via };
      if (frame) return { ...base, mode: 'frame', visible: shown(frame) };
      if (host && host.shadowRoot) {
        const root = host.shadowRoot;
        // The host element may have no box of its own (its content is positioned): judge the panel.
        return { ...base, mode: 'inline', visible: shown(root.querySelector('.panel')), ...panelState(root) };
      }
      return { ...base, mode: 'none', visible: false };
    };
    const push = (via) => { const s = state(via); lastVisible.v = s.visible; samples.push(s); };
    const tick = () => { push('raf'); requestAnimationFrame(tick); };
    requestAnimationFrame(tick);
    // Between animation frames too: every URL change (the SPA's pushState, back/forward, hash) and
    // every change of the panel's visibility, when it happens. A page whose main thread produces no
    // frame for a while still changes its URL and hides or shows the panel; the panel's own frames
    // are judged against this timeline.
    for (const k of ['pushState', 'replaceState']) {
      const original = history[k];
      history[k] = function (...args) { const r = original.apply(this, args); push('url'); return r; };
    }
    addEventListener('popstate', () => push('url'), true);
    addEventListener('hashchange', () => push('url'), true);
    const watch = () => new MutationObserver(() => { const s = state('dom'); if (s.visible !== lastVisible.v) { lastVisible.v = s.visible; samples.push(s); } })
      .observe(document.documentElement, { subtree: true, childList: true, attributes: true, attributeFilter: ['style', 'class', 'hidden'] });
    if (document.documentElement) watch(); else addEventListener('DOMContentLoaded', watch);
    window.__leewayLongTasks = [];
    try { new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__leewayLongTasks.push(Math.round(e.duration)); }).observe({ type: 'longtask' }); } catch {}
  }
})()`;

const isPanelFrame = (f: Frame) => /^chrome-extension:\/\/[^/]+\/panel\.html/.test(f.url());

/** Installs the sampler in every frame this page will have. Call before page.goto. */
export async function installFrameSampler(page: Page): Promise<void> {
  await page.addInitScript(SAMPLER);
}

/**
 * Everything sampled so far. The panel frame may have been replaced during the run; samples of
 * a detached frame are gone, which `panelFrames` (how many panel documents answered) makes visible.
 */
export async function collectFrames(page: Page): Promise<FrameRecord & { panelFrames: number }> {
  const top = await page.evaluate(() => {
    const w = window as unknown as {
      __leewaySamples?: PageSample[];
      __fixtureLog?: unknown[];
      __fixtureTruth?: Record<string, string[]>;
      __leewayLongTasks?: number[];
    };
    return {
      page: w.__leewaySamples ?? [],
      fixtureLog: w.__fixtureLog ?? [],
      fixtureTruth: w.__fixtureTruth ?? null,
      longTasks: w.__leewayLongTasks ?? [],
    };
  });
  const panel: PanelSample[] = [];
  let panelFrames = 0;
  for (const f of page.frames().filter(isPanelFrame)) {
    const got = await f
      .evaluate(() => (window as unknown as { __leewaySamples?: PanelSample[] }).__leewaySamples ?? null)
      .catch(() => null);
    if (!got) continue;
    panelFrames++;
    panel.push(...got);
  }
  panel.sort((a, b) => a.t - b.t);
  return { ...top, panel, panelFrames };
}

/** One frame at 60 Hz: how long a page may take to hide the panel after its URL changed. */
const FRAME_MS = 17;

/** A frame the panel showed a customer who is not the current ticket's. */
export interface StaleFrame {
  t: number;
  /** Which side's animation frame found it. */
  side: 'page' | 'panel';
  href: string;
  urlTicket: string | null;
  shown: string;
  allowed: string[];
}

export interface FrameAnalysis {
  stale: StaleFrame[];
  /** Page frames sampled (what the agent's screen showed), and how many had the panel visible. */
  pageFrames: number;
  visibleFrames: number;
  panelSamples: number;
  /** Visible frames whose panel named a ticket other than the URL's (reported, not a customer leak by itself). */
  wrongTicketFrames: number;
}

/**
 * Counts stale frames. `ticketOf(sample)` is the ticket the page is on (the URL's, by the
 * fixture's rule); `allowed(ticket)` every customer that ticket legitimately names (its requester,
 * and a new one if the page reassigned it). A frame with no customer name (Reading…, could not
 * read) is never stale: saying nothing is always allowed.
 *
 * Both sides are judged: every page frame against the panel's last state at or before it, and
 * every panel frame against the page's last frame at or before it. So a customer painted between
 * two page frames, or the panel shown a frame before its content caught up, both count.
 */
export function analyseFrames(
  rec: FrameRecord,
  ticketOf: (s: PageSample) => string | null,
  allowed: (ticket: string | null) => string[],
): FrameAnalysis {
  const page = [...rec.page].sort((a, b) => a.t - b.t);
  const panel = rec.panel;
  const stale: StaleFrame[] = [];
  const lastAtOrBefore = <T extends { t: number }>(xs: T[], t: number): T | undefined => {
    let lo = 0;
    let hi = xs.length - 1;
    let found: T | undefined;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (xs[mid]!.t <= t) {
        found = xs[mid];
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found;
  };
  const judge = (side: 'page' | 'panel', t: number, p: PageSample, name: string | null | undefined) => {
    if (!p.visible || !name) return;
    const ticket = ticketOf(p);
    const ok = allowed(ticket);
    if (!ok.includes(name)) stale.push({ t, side, href: p.href, urlTicket: ticket, shown: name, allowed: ok });
  };
  let wrongTicketFrames = 0;
  const frames = page.filter((p) => p.via === 'raf');
  for (const p of frames) {
    const state = p.mode === 'inline' ? p : lastAtOrBefore(panel, p.t);
    judge('page', p.t, p, state?.name);
    const ticket = ticketOf(p);
    if (p.visible && state?.ticket && ticket && !state.ticket.endsWith(ticket)) wrongTicketFrames++;
  }
  // The panel's frames against the page as it is at that moment (URL and visibility as scripts
  // set them), allowing the page one frame after a URL change to hide the panel (the contract:
  // in the same task; a later task before the next frame is never painted either).
  const urlChanges = page.filter((p) => p.via === 'url').map((p) => p.t);
  for (const q of panel.filter((x) => x.via === 'raf')) {
    const p = lastAtOrBefore(page, q.t);
    if (p?.mode !== 'frame') continue;
    if (urlChanges.some((t) => t <= q.t && q.t - t < FRAME_MS)) continue;
    judge('panel', q.t, p, q.name);
  }
  return {
    stale,
    pageFrames: frames.length,
    visibleFrames: frames.filter((p) => p.visible).length,
    panelSamples: panel.length,
    wrongTicketFrames,
  };
}

export interface PanelNow {
  visible: boolean;
  ticket: string | null;
  name: string | null;
  phase: string | null;
  text: string | null;
}

/** Reads a panel root (source text, for the same reason as SAMPLER). */
const READ_PANEL = `((root) => {
  const panel = root && root.querySelector('.panel');
  const name = root && root.querySelector('[data-field="customer-name"]');
  return {
    ticket: panel ? panel.getAttribute('data-ticket') : null,
    name: name ? name.textContent : null,
    phase: panel ? panel.getAttribute('data-phase') : null,
    text: panel ? (panel.textContent || '').slice(0, 200) : null,
  };
})`;

/** What the panel shows now (from the frame or the old shadow root): never waits. */
export async function panelNow(page: Page): Promise<PanelNow> {
  const empty = { ticket: null, name: null, phase: null, text: null };
  const top = (await page.evaluate(`(() => {
    const frame = document.querySelector('iframe[data-leeway-panel]');
    const host = document.querySelector('leeway-panel');
    const el = frame || (host && host.shadowRoot && host.shadowRoot.querySelector('.panel'));
    const r = el && el.getBoundingClientRect();
    const visible = !!el && r.width > 0 && r.height > 0 && el.checkVisibility({ checkVisibilityCSS: true, visibilityProperty: true });
    return { visible, inline: !frame && host && host.shadowRoot ? ${READ_PANEL}(host.shadowRoot) : null };
  })()`)) as { visible: boolean; inline: typeof empty | null };
  if (top.inline) return { visible: top.visible, ...top.inline };
  const frame = page.frames().find(isPanelFrame);
  const inside = frame ? ((await frame.evaluate(`${READ_PANEL}(document)`).catch(() => null)) as typeof empty | null) : null;
  return { visible: top.visible, ...(inside ?? empty) };
}
