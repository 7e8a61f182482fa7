/**
 * The panel's shell, inside its frame: whether it is collapsed (the header button, or the
 * keyboard command relayed to this page), and dragging by the header. The frame's box in the
 * helpdesk page is the content script's: a drag here says where the pointer took hold and how far
 * it moved while still over this frame (screen coordinates, which do not shift as the frame moves);
 * the content script moves and clamps the frame, and follows the pointer itself once it leaves. Nothing here ever moves focus: the helpdesk's reply box keeps it.
 */
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { FrameLayout } from '../lib/messages';
import { panelPlacesItem } from '../lib/storage';

/** The keyboard command reaches the panel page; every mounted panel flips. */
const toggles = new Set<() => void>();
export const togglePanels = () => toggles.forEach((t) => t());

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

  const toggle = useCallback(() => {
    const next = !collapsedRef.current;
    setCollapsed(next);
    // Merged into what is stored: the content script keeps the position in the same record.
    void panelPlacesItem.getValue().then((all) => panelPlacesItem.setValue({ ...all, [helpdesk]: { ...all[helpdesk], collapsed: next } }));
  }, [helpdesk]);
  useEffect(() => {
    toggles.add(toggle);
    return () => void toggles.delete(toggle);
  }, [toggle]);

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

  return { ref, collapsed, toggle, onPointerDown };
}
