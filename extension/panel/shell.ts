/**
 * The panel's shell: where it sits (dragged by its header, clamped to the viewport, remembered
 * per helpdesk), whether it is collapsed (also toggled by the keyboard command), and the host
 * page's theme. Nothing here ever moves focus: the helpdesk's reply box keeps it.
 */
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { panelPlacesItem, type PanelPlace } from '../lib/storage';
import { hostTheme, watchHostTheme, type HostTheme } from './host-theme';

/** The content script calls this on the keyboard command; every mounted panel flips. */
const toggles = new Set<() => void>();
export const togglePanels = () => toggles.forEach((t) => t());

const MARGIN = 8;
export const clamp = (v: number, min: number, max: number) => Math.min(Math.max(v, min), Math.max(min, max));

export function usePanelShell(helpdesk: string) {
  const [place, setPlace] = useState<PanelPlace>({});
  const [theme, setTheme] = useState<HostTheme>(() => hostTheme());
  const ref = useRef<HTMLElement>(null);
  const placeRef = useRef(place);
  placeRef.current = place;

  useEffect(() => {
    let live = true;
    void panelPlacesItem.getValue().then((all) => live && all[helpdesk] && setPlace(all[helpdesk]!));
    return () => void (live = false);
  }, [helpdesk]);
  useEffect(() => watchHostTheme(setTheme), []);

  const save = useCallback(
    (next: PanelPlace) => {
      setPlace(next);
      void panelPlacesItem.getValue().then((all) => panelPlacesItem.setValue({ ...all, [helpdesk]: next }));
    },
    [helpdesk],
  );
  const toggle = useCallback(() => save({ ...placeRef.current, collapsed: !placeRef.current.collapsed }), [save]);
  useEffect(() => {
    toggles.add(toggle);
    return () => void toggles.delete(toggle);
  }, [toggle]);

  /** Keeps the panel inside the viewport, e.g. after the window shrank. */
  useEffect(() => {
    const onResize = () => {
      const p = placeRef.current;
      const el = ref.current;
      if (p.x === undefined || p.y === undefined || !el) return;
      const x = clamp(p.x, MARGIN, innerWidth - el.offsetWidth - MARGIN);
      const y = clamp(p.y, MARGIN, innerHeight - el.offsetHeight - MARGIN);
      if (x !== p.x || y !== p.y) setPlace({ ...p, x, y });
    };
    addEventListener('resize', onResize);
    return () => removeEventListener('resize', onResize);
  }, []);

  /** Drag by the header with pointer events; a press on a header button is a click, not a drag. */
  const onPointerDown = useCallback(
    (e: PointerEvent) => {
      const el = ref.current;
      if (!el || e.button !== 0 || (e.target as Element).closest('button')) return;
      const rect = el.getBoundingClientRect();
      const dx = e.clientX - rect.left;
      const dy = e.clientY - rect.top;
      const header = e.currentTarget as HTMLElement;
      header.setPointerCapture(e.pointerId);
      e.preventDefault(); // no text selection while dragging; focus stays where it was
      let last = { x: rect.left, y: rect.top };
      const move = (ev: PointerEvent) => {
        last = {
          x: clamp(ev.clientX - dx, MARGIN, innerWidth - el.offsetWidth - MARGIN),
          y: clamp(ev.clientY - dy, MARGIN, innerHeight - el.offsetHeight - MARGIN),
        };
        setPlace((p) => ({ ...p, ...last }));
      };
      const up = () => {
        header.removeEventListener('pointermove', move);
        header.removeEventListener('pointerup', up);
        header.removeEventListener('pointercancel', up);
        save({ ...placeRef.current, ...last });
      };
      header.addEventListener('pointermove', move);
      header.addEventListener('pointerup', up);
      header.addEventListener('pointercancel', up);
    },
    [save],
  );

  const style = place.x !== undefined && place.y !== undefined ? { left: `${place.x}px`, top: `${place.y}px`, right: 'auto', bottom: 'auto' } : undefined;
  return { ref, collapsed: !!place.collapsed, toggle, theme, style, onPointerDown };
}
