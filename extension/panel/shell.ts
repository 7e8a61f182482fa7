/**
 * The panel's shell, inside its frame: whether it is collapsed (the header button, or the
 * keyboard command relayed to this page), and dragging by the header. The frame's box in the
 * helpdesk page is the content script's: a drag here says where the pointer took hold and how far
 * it moved while still over this frame (screen coordinates, which do not shift as the frame moves);
 * the content script moves and clamps the frame, and follows the pointer itself once it leaves.
 * "Reset position" asks the content script for the helpdesk's default place.
 *
 * Nothing here ever moves focus, so the helpdesk's reply box keeps it, with one exception the
 * agent asks for: the keyboard command. The content script then has already focused the frame
 * ('enter'): the panel expands and its first control takes focus; Escape, or the command again
 * ('leave'), hands focus back to where it was in the page.
 */
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { FrameLayout, PanelFocus } from '../lib/messages';
import { panelPlacesItem } from '../lib/storage';

/** The keyboard command reaches the panel page; every mounted panel flips (or expands, or collapses). */
const toggles = new Set<(focus?: PanelFocus) => void>();
export const togglePanels = (focus?: PanelFocus) => toggles.forEach((t) => t(focus));

const FOCUSABLE =
  'button:not([disabled]), [href], input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

/** The drag in progress, if any (one pointer drags at a time). */
let stopDrag: (() => void) | null = null;

export const clamp = (v: number, min: number, max: number) => Math.min(Math.max(v, min), Math.max(min, max));

export function usePanelShell(helpdesk: string, layout: (l: FrameLayout) => void) {
  const [collapsed, setCollapsed] = useState(false);
  const collapsedRef = useRef(collapsed);
  collapsedRef.current = collapsed;
  const ref = useRef<HTMLElement>(null);

  useEffect(() => {
    let live = true;
    void panelPlacesItem.getValue().then((all) => live && setCollapsed(!!all[helpdesk]?.collapsed));
    return () => void (live = false);
  }, [helpdesk]);

  const setStored = useCallback(
    (next: boolean) => {
      setCollapsed(next);
      // Merged into what is stored: the content script keeps the position in the same record.
      void panelPlacesItem
        .getValue()
        .then((all) => panelPlacesItem.setValue({ ...all, [helpdesk]: { ...all[helpdesk], collapsed: next } }));
    },
    [helpdesk],
  );
  const toggle = useCallback(() => setStored(!collapsedRef.current), [setStored]);
  const command = useCallback(
    (focus?: PanelFocus) => {
      if (focus === 'leave') {
        if (!collapsedRef.current) setStored(true);
        return;
      }
      if (focus !== 'enter') return toggle();
      if (collapsedRef.current) setStored(false);
      // The agent asked for the panel from the keyboard: its first control takes focus (the frame already has it).
      ref.current?.querySelector<HTMLElement>(FOCUSABLE)?.focus();
    },
    [setStored, toggle],
  );
  useEffect(() => {
    toggles.add(command);
    return () => void toggles.delete(command);
  }, [command]);

  const reset = useCallback(() => layout({ type: 'reset' }), [layout]);
  /** Escape hands focus back to the page, unless a control inside used it (closed a list, a form). */
  const onKeyDown = useCallback(
    (e: KeyboardEvent) => {
      if (e.key !== 'Escape' || e.defaultPrevented) return;
      e.preventDefault();
      layout({ type: 'focus-page' });
    },
    [layout],
  );

  /** Drag by the header with pointer events; a press on a header button is a click, not a drag. */
  const onPointerDown = useCallback(
    (e: PointerEvent) => {
      if (e.button !== 0 || (e.target as Element).closest('button')) return;
      const header = e.currentTarget as HTMLElement;
      // A drag whose release happened outside this frame never heard its pointerup: forget it.
      stopDrag?.();
      header.setPointerCapture(e.pointerId);
      e.preventDefault(); // no text selection while dragging; focus stays where it was
      const from = { x: e.screenX, y: e.screenY };
      const delta = (ev: PointerEvent) => ({ dx: ev.screenX - from.x, dy: ev.screenY - from.y });
      layout({ type: 'drag', phase: 'start', dx: 0, dy: 0, x: e.clientX, y: e.clientY });
      const move = (ev: PointerEvent) => layout({ type: 'drag', phase: 'move', ...delta(ev) });
      const stop = () => {
        header.removeEventListener('pointermove', move);
        header.removeEventListener('pointerup', up);
        header.removeEventListener('pointercancel', up);
        stopDrag = null;
      };
      const up = (ev: PointerEvent) => {
        stop();
        layout({ type: 'drag', phase: 'end', ...delta(ev) });
      };
      stopDrag = stop;
      header.addEventListener('pointermove', move);
      header.addEventListener('pointerup', up);
      header.addEventListener('pointercancel', up);
    },
    [layout],
  );

  return { ref, collapsed, toggle, reset, onKeyDown, onPointerDown };
}
