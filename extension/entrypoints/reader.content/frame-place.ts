/**
 * Where the panel's frame sits, as pure math: a place is a distance from the nearest horizontal
 * edge (left or right) and the nearest vertical one (top or bottom), so a wider or narrower window
 * keeps the frame the same distance from its edge. A drop within SNAP px of an edge sits on it.
 * The helpdesk's default place steps off its reply editor and requester sidebar when they are
 * measured (see adapters/placement.ts for the per-helpdesk baseline).
 */
import type { Dock } from '../../lib/storage';

export type { Dock };
export interface Size {
  width: number;
  height: number;
}
export interface Rect {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** A drop this close to an edge sits on it. */
export const SNAP = 24;
/** Room kept between the frame and what it steps off (editor, sidebar). */
export const GAP = 8;
/** A bottom-docked default grows no higher than this: helpdesks keep their tabs and search up there. */
export const CEILING = 56;
/** Below this much room a place is useless: the frame keeps its default and full height instead. */
export const MIN_ROOM = 160;

const clamp = (v: number, min: number, max: number) => Math.min(Math.max(v, min), Math.max(min, max));

/** The frame's box for `dock` in this viewport, clamped so all of it stays on screen. */
export function rectOf(dock: Dock, frame: Size, view: Size): Rect {
  const left = dock.edgeX === 'left' ? dock.x : view.width - frame.width - dock.x;
  const top = dock.edgeY === 'top' ? dock.y : view.height - frame.height - dock.y;
  return {
    left: clamp(left, 0, view.width - frame.width),
    top: clamp(top, 0, view.height - frame.height),
    width: frame.width,
    height: frame.height,
  };
}

const snap = (d: number) => (d <= SNAP ? 0 : Math.round(d));

/** Where a dropped frame is remembered: by its nearer edge on each axis, snapped onto an edge within SNAP. */
export function dockOf(rect: Rect, view: Size): Dock {
  const left = Math.max(0, rect.left);
  const right = Math.max(0, view.width - rect.left - rect.width);
  const top = Math.max(0, rect.top);
  const bottom = Math.max(0, view.height - rect.top - rect.height);
  return {
    edgeX: left <= right ? 'left' : 'right',
    x: snap(Math.min(left, right)),
    edgeY: top <= bottom ? 'top' : 'bottom',
    y: snap(Math.min(top, bottom)),
  };
}

/** A place as versions before docking stored it: the top-left corner in pixels. */
export interface LegacyPlace {
  x?: unknown;
  y?: unknown;
}

/**
 * An old absolute place, converted once by the window that reads it first (most likely the one it
 * was set in): the same spot, remembered by its nearer edges. Nothing usable: null (the default).
 */
export function migrateLegacy(old: LegacyPlace, frame: Size, view: Size): Dock | null {
  const { x, y } = old;
  if (typeof x !== 'number' || typeof y !== 'number' || !Number.isFinite(x) || !Number.isFinite(y)) return null;
  return dockOf(rectOf({ edgeX: 'left', x, edgeY: 'top', y }, frame, view), view);
}

/**
 * How tall the frame may grow from its anchored edge before it meets an obstacle, the viewport's
 * edge, or (growing up) `ceiling`: the helpdesk's top bar, which a default place leaves alone.
 */
export function roomAt(dock: Dock, width: number, obstacles: Rect[], view: Size, ceiling = 0): number {
  const left = dock.edgeX === 'left' ? dock.x : view.width - width - dock.x;
  if (left < 0 || left + width > view.width) return 0;
  const across = obstacles.filter((o) => o.left < left + width && o.left + o.width > left && o.width > 0 && o.height > 0);
  if (dock.edgeY === 'top') {
    const top = dock.y;
    let room = view.height - top - GAP;
    for (const o of across) {
      if (o.top + o.height <= top) continue;
      room = Math.min(room, o.top <= top ? 0 : o.top - top - GAP);
    }
    return Math.max(0, room);
  }
  const bottom = view.height - dock.y;
  let room = bottom - ceiling;
  for (const o of across) {
    if (o.top >= bottom) continue;
    room = Math.min(room, o.top + o.height >= bottom ? 0 : bottom - (o.top + o.height) - GAP);
  }
  return Math.max(0, room);
}

/** Places to try after the helpdesk's own: beside each obstacle, above or below it, and the four corners. */
function candidates(base: Dock, obstacles: Rect[], view: Size): Dock[] {
  const out: Dock[] = [base];
  const ys: Pick<Dock, 'edgeY' | 'y'>[] = [
    { edgeY: base.edgeY, y: base.y },
    { edgeY: base.edgeY === 'top' ? 'bottom' : 'top', y: base.y },
  ];
  for (const o of obstacles) {
    ys.push({ edgeY: 'top', y: Math.round(o.top + o.height + GAP) }, { edgeY: 'bottom', y: Math.round(view.height - o.top + GAP) });
  }
  const xs: Pick<Dock, 'edgeX' | 'x'>[] = [{ edgeX: base.edgeX, x: base.x }];
  for (const o of obstacles) {
    xs.push({ edgeX: 'left', x: Math.round(o.left + o.width + GAP) }, { edgeX: 'right', x: Math.round(view.width - o.left + GAP) });
  }
  xs.push({ edgeX: 'left', x: 16 }, { edgeX: 'right', x: 16 });
  for (const x of xs) for (const y of ys) out.push({ ...x, ...y });
  // Off-screen ones have no room (roomAt): only negative offsets are dropped here.
  return out.filter((d) => d.x >= 0 && d.y >= 0 && d.y < view.height);
}

/**
 * The default place, off the measured obstacles: the helpdesk's own place if the frame fits there
 * at `want` tall, else the first other place where it does, else the one with the most room (the
 * frame is then no taller than that room). With no usable room anywhere, the helpdesk's own place.
 */
export function placeDefault(base: Dock, width: number, want: number, obstacles: Rect[], view: Size): { dock: Dock; room: number } {
  const seen = obstacles.filter((o) => o.width > 0 && o.height > 0 && o.left < view.width && o.top < view.height);
  // Below a top-docked helpdesk place lies its top bar: nothing the default moves to goes above it.
  const ceiling = base.edgeY === 'top' ? base.y : CEILING;
  let best: { dock: Dock; room: number } | null = null;
  for (const dock of candidates(base, seen, view)) {
    if (dock.edgeY === 'top' && dock.y < ceiling) continue;
    const room = roomAt(dock, width, seen, view, ceiling);
    if (room >= want) return { dock, room };
    if (!best || room > best.room) best = { dock, room };
  }
  return best && best.room >= MIN_ROOM ? best : { dock: base, room: view.height };
}
