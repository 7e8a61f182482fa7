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
 * Layout requests (height, drag) come from the panel page through the background: a message the
 * page cannot forge. They are cosmetic anyway, and clamped to the viewport here.
 */
import { browser } from 'wxt/browser';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { createIframeUi } from 'wxt/utils/content-script-ui/iframe';
import { panelPlacesItem, type PanelPlace } from '../../lib/storage';
import type { FrameHello, FrameLayout, ReaderView } from '../../lib/messages';

const MARGIN = 8;
const OFFSET = 16;
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
  /** Whether the frame is on screen now (for diagnostics and tests of this file). */
  visible(): boolean;
}

export function mountPanelFrame(ctx: ContentScriptContext, helpdesk: string): PanelFrame {
  const nonce = crypto.randomUUID();
  let seq = -1;
  let hasTicket = false;
  let isShown = false;
  let height = INITIAL_HEIGHT;
  let width = WIDTH;
  let place: PanelPlace = {};
  let dragFrom: { x: number; y: number } | null = null;
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

  function applyPlace() {
    const h = Math.floor(Math.min(height, maxHeight()));
    css(iframe, { height: `${h}px` });
    css(wrapper, { width: `${width}px` });
    if (place.x === undefined || place.y === undefined)
      return css(wrapper, { right: `${OFFSET}px`, bottom: `${OFFSET}px`, left: 'auto', top: 'auto' });
    const x = clamp(place.x, MARGIN, innerWidth - width - MARGIN);
    const y = clamp(place.y, MARGIN, innerHeight - h - MARGIN);
    css(wrapper, { left: `${x}px`, top: `${y}px`, right: 'auto', bottom: 'auto' });
  }
  void panelPlacesItem.getValue().then((all) => {
    const saved = all[helpdesk];
    if (saved && !dragFrom) place = { ...saved };
    applyPlace();
  });
  ctx.addEventListener(window, 'resize', applyPlace);

  function moveTo(x: number, y: number) {
    place = { ...place, x, y };
    applyPlace();
  }
  function endDrag() {
    shield?.remove();
    shield = null;
    if (!dragFrom) return;
    dragFrom = null;
    const r = wrapper.getBoundingClientRect();
    place = { ...place, x: r.left, y: r.top };
    const { x, y } = place;
    // Merged into what is stored: the panel page keeps `collapsed` in the same record.
    void panelPlacesItem.getValue().then((all) => panelPlacesItem.setValue({ ...all, [helpdesk]: { ...all[helpdesk], x, y } }));
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
      if (view.seq !== seq) {
        seq = view.seq;
        setShown(false);
      } else css(box, { display: !isShown && hasTicket ? 'block' : 'none' });
    },
    shown(s) {
      if (s === seq && hasTicket) setShown(true);
    },
    layout(l) {
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
    visible: () => isShown && hasTicket,
  };
}
