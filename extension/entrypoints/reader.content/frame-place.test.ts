/**
 * The docking math: a place is kept by its nearer edges (so another window width keeps the
 * distance), a drop near an edge sits on it, the frame stays on screen, old absolute places
 * convert once, and the default steps off the editor and the sidebar.
 */
import { describe, expect, it } from 'vitest';
import { PLACEMENTS, GENERIC_PLACEMENT } from '../../adapters/placement';
import { adapters } from '../../adapters';
import { dockOf, migrateLegacy, placeDefault, rectOf, roomAt, type Rect } from './frame-place';

const frame = { width: 340, height: 400 };
const narrow = { width: 1280, height: 800 };
const wide = { width: 1920, height: 1080 };
const overlaps = (a: Rect, b: Rect) =>
  a.left < b.left + b.width && b.left < a.left + a.width && a.top < b.top + b.height && b.top < a.top + a.height;

describe('docking to the nearer edges', () => {
  it('keeps a right/bottom place the same distance from those edges in a wider window', () => {
    const dock = dockOf({ left: 1280 - 340 - 100, top: 800 - 400 - 50, ...frame }, narrow);
    expect(dock).toEqual({ edgeX: 'right', x: 100, edgeY: 'bottom', y: 50 });
    const r = rectOf(dock, frame, wide);
    expect(wide.width - (r.left + r.width)).toBe(100);
    expect(wide.height - (r.top + r.height)).toBe(50);
  });

  it('keeps a left/top place where it is', () => {
    const dock = dockOf({ left: 200, top: 120, ...frame }, narrow);
    expect(dock).toEqual({ edgeX: 'left', x: 200, edgeY: 'top', y: 120 });
    expect(rectOf(dock, frame, wide)).toMatchObject({ left: 200, top: 120 });
  });

  it('snaps onto an edge when dropped within 24 px of it, and not beyond', () => {
    expect(dockOf({ left: 20, top: 30, ...frame }, narrow)).toMatchObject({ edgeX: 'left', x: 0, edgeY: 'top', y: 30 });
    expect(dockOf({ left: 1280 - 340 - 24, top: 800 - 400 - 10, ...frame }, narrow)).toMatchObject({ x: 0, y: 0 });
    expect(dockOf({ left: 25, top: 25, ...frame }, narrow)).toMatchObject({ x: 25, y: 25 });
    // Dropped partly off screen: on the edge.
    expect(dockOf({ left: -50, top: -10, ...frame }, narrow)).toMatchObject({ edgeX: 'left', x: 0, edgeY: 'top', y: 0 });
  });

  it('clamps to the viewport when the window shrinks', () => {
    const r = rectOf({ edgeX: 'left', x: 1200, edgeY: 'top', y: 700 }, frame, { width: 1000, height: 600 });
    expect(r).toEqual({ left: 1000 - 340, top: 600 - 400, ...frame });
    const tiny = rectOf({ edgeX: 'right', x: 500, edgeY: 'bottom', y: 500 }, frame, { width: 300, height: 300 });
    expect(tiny.left).toBe(0);
    expect(tiny.top).toBe(0);
  });

  it('converts an old absolute place once, to its nearer edges; nonsense gives the default', () => {
    expect(migrateLegacy({ x: 1280 - 340 - 16, y: 800 - 400 - 16 }, frame, narrow)).toEqual({
      edgeX: 'right',
      x: 0,
      edgeY: 'bottom',
      y: 0,
    });
    expect(migrateLegacy({ x: 300, y: 200 }, frame, narrow)).toEqual({ edgeX: 'left', x: 300, edgeY: 'top', y: 200 });
    // Stored on a wider screen, read on a smaller one: clamped first, then docked.
    expect(migrateLegacy({ x: 1700, y: 900 }, frame, narrow)).toEqual({ edgeX: 'right', x: 0, edgeY: 'bottom', y: 0 });
    expect(migrateLegacy({}, frame, narrow)).toBeNull();
    expect(migrateLegacy({ x: '10', y: 5 }, frame, narrow)).toBeNull();
    expect(migrateLegacy({ x: Number.NaN, y: 5 }, frame, narrow)).toBeNull();
  });
});

describe('the default place steps off the editor and the sidebar', () => {
  // A Zendesk-like page at 1280×800: sidebar right 300 px, editor along the bottom of the conversation.
  const sidebar: Rect = { left: 980, top: 44, width: 300, height: 756 };
  const editor: Rect = { left: 0, top: 620, width: 980, height: 180 };

  it('measures the room a place has before it meets an obstacle', () => {
    expect(roomAt({ edgeX: 'right', x: 316, edgeY: 'top', y: 60 }, 340, [sidebar, editor], narrow)).toBe(620 - 60 - 8);
    expect(roomAt({ edgeX: 'right', x: 16, edgeY: 'top', y: 60 }, 340, [sidebar, editor], narrow)).toBe(0);
    expect(roomAt({ edgeX: 'left', x: 16, edgeY: 'bottom', y: 24 }, 340, [editor], narrow)).toBe(0);
  });

  it('keeps the helpdesk’s place when it fits, and moves off an obstacle that covers it', () => {
    const base = { edgeX: 'right', x: 316, edgeY: 'top', y: 60 } as const;
    expect(placeDefault(base, 340, 540, [sidebar], narrow)).toEqual({ dock: base, room: 800 - 60 - 8 });
    const under = placeDefault({ edgeX: 'right', x: 16, edgeY: 'bottom', y: 16 }, 340, 540, [sidebar, editor], narrow);
    const r = rectOf(under.dock, { width: 340, height: Math.min(540, under.room) }, narrow);
    expect(overlaps(r, sidebar)).toBe(false);
    expect(overlaps(r, editor)).toBe(false);
    expect(under.room).toBeGreaterThanOrEqual(160);
  });

  it('never grows a moved default above the helpdesk’s top bar', () => {
    // The Zendesk fixture: the editor right under a short conversation, the sidebar right.
    const high: Rect = { left: 24, top: 413, width: 932, height: 98 };
    const side: Rect = { left: 980, top: 44, width: 300, height: 756 };
    const got = placeDefault({ edgeX: 'right', x: 316, edgeY: 'top', y: 60 }, 340, 560, [high, side], narrow);
    expect(got).toEqual({ dock: { edgeX: 'right', x: 316, edgeY: 'top', y: 60 }, room: 413 - 60 - 8 });
    // Bottom-docked, it stops at the ceiling (56 px) rather than covering the top bar.
    expect(roomAt({ edgeX: 'left', x: 16, edgeY: 'bottom', y: 24 }, 340, [], narrow, 56)).toBe(800 - 24 - 56);
    // Pushed off a bottom-left editor, a bottom-left default does not climb onto the top bar either.
    const low: Rect = { left: 0, top: 300, width: 700, height: 500 };
    const moved = placeDefault(GENERIC_PLACEMENT.dock, 340, 200, [low], narrow);
    const r = rectOf(moved.dock, { width: 340, height: Math.min(200, moved.room) }, narrow);
    expect(r.top).toBeGreaterThanOrEqual(56);
    expect(overlaps(r, low)).toBe(false);
  });

  it('falls back to the helpdesk’s place when nothing has room', () => {
    const wall: Rect = { left: 0, top: 0, width: 1280, height: 800 };
    const base = GENERIC_PLACEMENT.dock;
    expect(placeDefault(base, 340, 540, [wall], narrow)).toEqual({ dock: base, room: 800 });
  });
});

describe('the per-helpdesk defaults', () => {
  it('has one for every built-in adapter, with a reason', () => {
    expect(Object.keys(PLACEMENTS).sort()).toEqual(adapters.map((a) => a.id).sort());
    for (const p of Object.values(PLACEMENTS)) expect(p.why.length).toBeGreaterThan(20);
  });

  it('puts each on screen at 1280×800 and 1366×768', () => {
    for (const view of [narrow, { width: 1366, height: 768 }])
      for (const [id, p] of Object.entries(PLACEMENTS)) {
        const r = rectOf(p.dock, { width: 340, height: 300 }, view);
        expect(r.left, id).toBeGreaterThanOrEqual(0);
        expect(r.left + r.width, id).toBeLessThanOrEqual(view.width);
      }
  });
});
