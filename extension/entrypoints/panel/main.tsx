/**
 * panel.html: the Leeway panel, an extension page the content script frames in the helpdesk
 * page. The page around it cannot read this document or script it, so the customer's data and
 * the agent's actions (reveal, grant, request, resolve) live only here and in the background.
 */
import { render } from 'preact';
import { connectPanel } from '../../panel/client';
import { Panel } from '../../panel/Panel';
import { togglePanels } from '../../panel/shell';
import { holdUncover } from '../../panel/uncover-hold';
import { visibilityOf } from '../../panel/visibility';
import '../../panel/panel.css';

const root = document.getElementById('app')!;
let reported = '';

/** The panel's natural size (its body unscrolled), for the frame's box in the page. */
function measure() {
  const panel = root.querySelector<HTMLElement>('.panel');
  // Not laid out: the frame is display:none (no ticket yet, or the page hid it) and every size is 0.
  // Reported, the frame would be shown at 0 px. Chrome runs no animation frame in a hidden frame, so
  // the measure waits for it to be shown; an engine that runs one anyway measures again on the
  // resize that showing it causes.
  if (!panel?.offsetWidth) return;
  const header = panel.querySelector<HTMLElement>(':scope > header');
  const body = panel.querySelector<HTMLElement>(':scope > .body');
  const borders = panel.offsetHeight - panel.clientHeight;
  const around = (header?.offsetHeight ?? 0) + borders;
  // The body's bound (panel.css): the frame less the header and borders, as they are drawn.
  if (root.style.getPropertyValue('--around-body') !== `${around}px`) root.style.setProperty('--around-body', `${around}px`);
  const height = around + (body?.scrollHeight ?? 0);
  const width = panel.offsetWidth;
  const size = `${width}x${height}`;
  if (size === reported) return;
  reported = size;
  client.layout({ type: 'size', width, height });
}

/**
 * Measured once per frame, at its start: reading sizes there lays the panel out once, and the
 * frame paints with that layout. Measured right after each render instead, a push forced a layout
 * of its own (an event, then its signals, then the offers: three per event).
 */
let frameQueued = false;
function measureSoon() {
  if (frameQueued) return;
  frameQueued = true;
  requestAnimationFrame(() => {
    frameQueued = false;
    measure();
  });
}

const client = connectPanel((state, c) => {
  render(
    state.helpdesk ? <Panel state={state} actions={c.actions} helpdesk={state.helpdesk} theme={state.theme} layout={c.layout} /> : null,
    root,
  );
  measureSoon();
}, togglePanels);

// Click-jacking: the page owns the iframe element and could make it transparent, transform it or
// cover it with a decoy. IntersectionObserver v2 (trackVisibility) says whether this document is
// really visible on screen; while it is not, and for a moment after (uncover-hold.ts), the panel's
// controls are disabled. Hidden or off screen counts too: a panel the page brings back faded under
// the pointer would otherwise come back enabled, for the observer's delay. Browsers without it
// keep the controls, and count the panel in view while it is on screen (visibility.ts).
const reportCovered = holdUncover(client.setCovered);
new IntersectionObserver(
  (entries) => {
    const entry = entries.at(-1) as (IntersectionObserverEntry & { isVisible?: boolean }) | undefined;
    if (!entry) return;
    const seen = visibilityOf(entry);
    if (seen.covered !== null) reportCovered(seen.covered);
    client.setInView(seen.inView);
    // The note says so only while the page covers it in view now: not while hidden, not during the wait after (nor after each reveal).
    root.toggleAttribute('data-obscured', seen.obscured);
  },
  { threshold: [0, 1], trackVisibility: true, delay: 100 } as IntersectionObserverInit,
).observe(root);

addEventListener('resize', measureSoon);

// Hooks re-render on their own (the agent typing an amount shows a verdict): measure after those too.
new MutationObserver(measureSoon).observe(root, { childList: true, subtree: true, characterData: true, attributes: true });
