/**
 * The panel's frame in the helpdesk page: an iframe of the extension's own panel.html, so the
 * customer's data is only ever in an extension-origin document the page cannot script or read.
 * This file only places the frame, hides it, and shows it; what is inside is the panel page's.
 *
 * Hidden in the same task as a view change (another ticket, another requester) and shown again
 * only when the panel page says, through the background, that it has rendered AND painted that
 * view: no painted frame can show the previous ticket's customer. Hidden means transparent, not
 * `visibility: hidden`: a frame the browser does not render stops painting, and when shown again
 * the compositor would put up its last picture (the previous customer) until it paints anew.
 * Transparent, it keeps painting, so "painted" can be known. It takes no pointer events and is
 * out of the accessibility tree while hidden. Meanwhile a neutral "Reading…" box, with no customer
 * data, says the panel is coming.
 *
 * Layout requests (height, drag, reset) come from the panel page through the background: a
 * message the page cannot forge. They are cosmetic anyway, and clamped to the viewport here. The
 * place is kept by its nearer edges (frame-place.ts); the default is the helpdesk's
 * (adapters/placement.ts), stepped off its editor and requester sidebar as measured now.
 *
 * Focus: the frame is out of the page's Tab order (tabindex=-1), so Tab from the reply box never
 * lands in it. Only the keyboard shortcut takes focus in (`shortcut()`), remembering where it was;
 * Escape in the panel, or the shortcut again, gives it back there.
 */
import { browser } from 'wxt/browser';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { createIframeUi } from 'wxt/utils/content-script-ui/iframe';
import { placementFor, type Placement } from '../../adapters/placement';
import { panelPlacesItem } from '../../lib/storage';
import type { FrameHello, FrameLayout, ReaderView } from '../../lib/messages';
import { dockOf, migrateLegacy, placeDefault, rectOf, type Dock } from './frame-place';
import { deepActive, measure } from './page-measure';

const WIDTH = 340;
/** The panel's height before it has measured itself: its header. */
const INITIAL_HEIGHT = 42;
const clamp = (v: number, min: number, max: number) => Math.min(Math.max(v, min), Math.max(min, max));
/** The tallest the frame may be: as the panel was when it lived in the page. */
const maxHeight = () => Math.min(innerHeight * 0.7, 560);

/** Inline and !important: the page's own CSS (`iframe { … }`, `div { … }`) must not reshape us. */
function css(el: HTMLElement, styles: Record<string, string>) {
  for (const [k, v] of Object.entries(styles)) el.style.setProperty(k, v, 'important');
}

export interface PanelFrame {
  /** The pairing nonce this content script posts into its frame, and only there. */
  nonce: string;
  /** A new view: hides the frame at once when its seq changed. */
  view(view: ReaderView): void;
  /** The panel renders `seq`: show the frame if that is still the current view. */
  shown(seq: number): void;
  layout(layout: FrameLayout): void;
  /** The helpdesk, once the adapter is chosen; `remove`: none fits after all. */
  setHelpdesk(helpdesk: string): void;
  remove(): void;
  /** Whether the frame is on screen now (for diagnostics and tests of this file). */
  visible(): boolean;
  /**
   * The keyboard shortcut: from the page, focus goes into the frame ('enter', the panel then
   * focuses its first control); from the panel, back to where it was ('leave'). Null: no panel on screen.
   */
  shortcut(): 'enter' | 'leave' | null;
}

/** `helpdeskId` may come later (setHelpdesk): mounted first, panel.html loads while the adapter is chosen. */
export function mountPanelFrame(ctx: ContentScriptContext, helpdeskId?: string): PanelFrame {
  const nonce = crypto.randomUUID();
  let seq = -1;
  let hasTicket = false;
  let isShown = false;
  let height = INITIAL_HEIGHT;
  let width = WIDTH;
  /** The agent's place; null: the helpdesk's default. */
  let dock: Dock | null = null;
  let dragFrom: { x: number; y: number } | null = null;
  /** Where focus was in the page when the shortcut took it into the panel. */
  let returnTo: HTMLElement | null = null;
  let helpdesk = '';
  let placement: Placement | null = null;
  /** Where in the frame the pointer took hold of the header. */
  let grab = { x: 0, y: 0 };
  let shield: HTMLDivElement | null = null;

  const box = document.createElement('div');
  box.textContent = 'Leeway · Reading…';
  const ui = createIframeUi(ctx, {
    page: '/panel.html',
    position: 'inline',
    anchor: () => document.body ?? document.documentElement,
    append: 'last',
    onMount(wrapper, iframe) {
      wrapper.setAttribute('data-leeway-frame', '');
      css(wrapper, {
        position: 'fixed',
        'z-index': '2147483000',
        width: `${WIDTH}px`,
        display: 'none',
        margin: '0',
        padding: '0',
        border: '0',
      });
      iframe.setAttribute('data-leeway-panel', '');
      iframe.title = 'Leeway';
      // Out of sequential focus navigation: Tab from the reply box goes on in the page, never in here.
      iframe.tabIndex = -1;
      css(iframe, {
        display: 'block',
        width: '100%',
        height: `${INITIAL_HEIGHT}px`,
        border: '0',
        margin: '0',
        padding: '0',
        'border-radius': '10px',
        'box-shadow': '0 8px 24px rgba(16, 24, 40, 0.18)',
        background: 'transparent',
        'color-scheme': 'normal',
        opacity: '0',
        'pointer-events': 'none',
      });
      iframe.setAttribute('aria-hidden', 'true');
      css(box, {
        position: 'absolute',
        right: '0',
        bottom: '0',
        padding: '6px 10px',
        'border-radius': '8px',
        background: '#1d2430',
        color: '#ffffff',
        font: '12px/1.4 system-ui, sans-serif',
        opacity: '0.85',
        'pointer-events': 'none',
        display: 'none',
      });
      wrapper.append(box);
      // Each time the frame loads (also if something reloads it), tell only that document the nonce.
      // The target origin is the extension's: if the page pointed the frame elsewhere, nothing is sent.
      // Chrome loads a use_dynamic_url resource from a per-session host, yet the document's origin is
      // the extension id's; Firefox has one (per-install) host. Both candidates are ours.
      const src = new URL(iframe.src);
      const origins = [...new Set([src.origin, `${src.protocol}//${browser.runtime.id}`])];
      iframe.addEventListener('load', () => {
        for (const origin of origins) iframe.contentWindow?.postMessage({ leewayPanelNonce: nonce } satisfies FrameHello, origin);
      });
    },
  });
  ui.mount();
  const { wrapper, iframe } = ui;

  const viewport = () => ({ width: innerWidth, height: innerHeight });
  function applyPlace() {
    if (!placement) return; // placed once the helpdesk is known (setHelpdesk)
    let h = Math.floor(Math.min(height, maxHeight()));
    let at = dock;
    if (!at) {
      // Chosen for the tallest the panel may get, so its place does not jump as its content grows.
      const obstacles = [...measure(placement.editor, wrapper), ...measure(placement.sidebar, wrapper)];
      const fit = placeDefault(placement.dock, width, Math.floor(maxHeight()), obstacles, viewport());
      at = fit.dock;
      h = Math.max(Math.min(h, INITIAL_HEIGHT), Math.min(h, Math.floor(fit.room)));
    }
    css(iframe, { height: `${h}px` });
    css(wrapper, { width: `${width}px` });
    const r = rectOf(at, { width, height: h }, viewport());
    css(wrapper, { left: `${r.left}px`, top: `${r.top}px`, right: 'auto', bottom: 'auto' });
  }
  /** Merged into what is stored: the panel page keeps `collapsed` in the same record. */
  const save = (next: Dock | null) =>
    panelPlacesItem.getValue().then((all) => {
      const { x: _x, y: _y, dock: _d, ...rest } = all[helpdesk] ?? {};
      return panelPlacesItem.setValue({ ...all, [helpdesk]: next ? { ...rest, dock: next } : rest });
    });
  function setHelpdesk(id: string) {
    if (placement) return;
    helpdesk = id;
    placement = placementFor(id);
    void panelPlacesItem.getValue().then((all) => {
      const saved = all[helpdesk];
      if (saved && !dragFrom) {
        dock = saved.dock ?? null;
        // An older version's absolute place: converted once, in this window, to its nearer edges.
        if (!saved.dock && (saved.x !== undefined || saved.y !== undefined)) {
          dock = migrateLegacy(saved, { width, height: Math.min(height, maxHeight()) }, viewport());
          void save(dock);
        }
      }
      applyPlace();
    });
  }
  if (helpdeskId) setHelpdesk(helpdeskId);
  ctx.addEventListener(window, 'resize', applyPlace);

  function moveTo(x: number, y: number) {
    dock = { edgeX: 'left', x, edgeY: 'top', y };
    applyPlace();
  }
  function endDrag() {
    shield?.remove();
    shield = null;
    if (!dragFrom) return;
    dragFrom = null;
    const r = wrapper.getBoundingClientRect();
    dock = dockOf({ left: r.left, top: r.top, width: r.width, height: iframe.getBoundingClientRect().height }, viewport());
    applyPlace();
    void save(dock);
  }
  function giveFocusBack() {
    if (document.activeElement !== iframe) return; // the agent is already elsewhere: leave them there
    const to = returnTo;
    returnTo = null;
    if (to?.isConnected) to.focus({ preventScroll: true });
    else iframe.blur();
  }
  /**
   * While dragging, a transparent layer over the whole page takes the pointer: once it leaves the
   * frame, the frame no longer gets its moves (the browser does not carry pointer capture out of an
   * out-of-process frame). What the page could forge on this layer only moves the frame: cosmetic.
   */
  function cover() {
    shield?.remove();
    shield = document.createElement('div');
    css(shield, { position: 'fixed', inset: '0', 'z-index': '2147483647', cursor: 'move', background: 'transparent' });
    const onMove = (e: PointerEvent) => {
      if (!e.buttons) return endDrag();
      moveTo(e.clientX - grab.x, e.clientY - grab.y);
    };
    shield.addEventListener('pointermove', onMove);
    shield.addEventListener('pointerup', endDrag);
    shield.addEventListener('pointercancel', endDrag);
    (document.body ?? document.documentElement).append(shield);
  }

  function setShown(on: boolean) {
    isShown = on;
    // No focus left in a frame nobody can see (another ticket is loading): back to the page.
    if (!on) giveFocusBack();
    css(iframe, { opacity: on ? '1' : '0', 'pointer-events': on ? 'auto' : 'none' });
    if (on) iframe.removeAttribute('aria-hidden');
    else iframe.setAttribute('aria-hidden', 'true');
    css(box, { display: !on && hasTicket ? 'block' : 'none' });
  }

  return {
    nonce,
    view(view) {
      hasTicket = view.ticket !== null;
      css(wrapper, { display: hasTicket ? 'block' : 'none' });
      // Another ticket may lay the page out anew: the default place measures it again.
      if (!dock) applyPlace();
      if (view.seq !== seq) {
        seq = view.seq;
        setShown(false);
      } else css(box, { display: !isShown && hasTicket ? 'block' : 'none' });
    },
    shown(s) {
      if (s === seq && hasTicket) setShown(true);
    },
    layout(l) {
      if (l.type === 'reset') {
        dock = null;
        applyPlace();
        return void save(null);
      }
      if (l.type === 'focus-page') return giveFocusBack();
      if (l.type === 'size') {
        height = Math.max(0, Math.ceil(l.height));
        width = clamp(Math.ceil(l.width), 120, WIDTH);
        return applyPlace();
      }
      if (l.phase === 'start') {
        const r = wrapper.getBoundingClientRect();
        dragFrom = { x: r.left, y: r.top };
        grab = { x: clamp(l.x ?? 0, 0, r.width), y: clamp(l.y ?? 0, 0, r.height) };
        return cover();
      }
      if (!dragFrom) return;
      moveTo(dragFrom.x + l.dx, dragFrom.y + l.dy);
      if (l.phase === 'end') endDrag();
    },
    setHelpdesk,
    remove: () => ui.remove(),
    visible: () => isShown && hasTicket,
    shortcut() {
      if (document.activeElement === iframe) {
        giveFocusBack();
        return 'leave';
      }
      if (!hasTicket) return null;
      returnTo = deepActive();
      iframe.focus({ preventScroll: true });
      return 'enter';
    },
  };
}
