// @vitest-environment happy-dom
/**
 * The panel's frame in the page: hidden in the same call that reports a new view (another ticket
 * or another requester), shown only when the panel page says it renders that very view. A late
 * "rendered" for an earlier view never shows the frame.
 */
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { ContentScriptContext } from 'wxt/utils/content-script-context';
import { beforeEach, describe, expect, it } from 'vitest';
import type { ReaderView } from '../../lib/messages';
import { panelPlacesItem } from '../../lib/storage';
import { mountPanelFrame } from './frame';

const ticket = (seq: number, id: string): ReaderView => ({ seq, ticket: { key: `zendesk:${id}`, id }, reading: { state: 'reading' } });
let frame: ReturnType<typeof mountPanelFrame>;
const iframe = () => document.querySelector<HTMLIFrameElement>('iframe[data-leeway-panel]')!;
const wrapper = () => document.querySelector<HTMLElement>('[data-leeway-frame]')!;
const px = (prop: string) => parseFloat(wrapper().style.getPropertyValue(prop));
const hidden = () => iframe().style.getPropertyValue('opacity') === '0' && iframe().style.getPropertyValue('pointer-events') === 'none';

beforeEach(() => {
  fakeBrowser.reset();
  document.body.innerHTML = '';
  frame = mountPanelFrame(new ContentScriptContext('test'), 'zendesk');
});

describe('the panel frame', () => {
  it('is an iframe of the extension’s panel page, hidden until the panel renders', () => {
    expect(iframe().getAttribute('src')).toMatch(/\/panel\.html$/);
    frame.view(ticket(1, '101'));
    expect(hidden()).toBe(true);
    expect(document.body.textContent).toBe('Leeway · Reading…');
    frame.shown(1);
    expect(hidden()).toBe(false);
    expect(frame.visible()).toBe(true);
  });

  it('hides in the same call as a ticket change, and ignores a late "rendered" for the previous view', () => {
    frame.view(ticket(1, '101'));
    frame.shown(1);
    frame.view(ticket(2, '102'));
    expect(hidden()).toBe(true);
    frame.shown(1);
    expect(hidden()).toBe(true);
    frame.shown(2);
    expect(hidden()).toBe(false);
    // An update of the same view (the requester was read) keeps it on screen.
    frame.view({
      seq: 2,
      ticket: { key: 'zendesk:102', id: '102' },
      reading: { state: 'read', requester: { email: 'm@example.com' }, missing: [] },
    });
    expect(hidden()).toBe(false);
  });

  it('takes the whole box off the page when the page is not a ticket', () => {
    frame.view(ticket(1, '101'));
    frame.shown(1);
    frame.view({ seq: 2, ticket: null });
    expect(document.querySelector<HTMLElement>('[data-leeway-frame]')!.style.getPropertyValue('display')).toBe('none');
    frame.shown(2);
    expect(frame.visible()).toBe(false);
  });

  it('sizes itself as the panel asks, never taller than 70% of the window', () => {
    frame.layout({ type: 'size', width: 340, height: 200 });
    expect(iframe().style.getPropertyValue('height')).toBe('200px');
    frame.layout({ type: 'size', width: 340, height: 5000 });
    expect(parseFloat(iframe().style.getPropertyValue('height'))).toBeLessThanOrEqual(Math.min(innerHeight * 0.7, 560));
  });
});

describe('the frame’s place and focus', () => {
  it('is out of the page’s Tab order', () => {
    expect(iframe().getAttribute('tabindex')).toBe('-1');
  });

  it('converts an old absolute place once to its nearer edges, keeping `collapsed`', async () => {
    document.body.innerHTML = '';
    await panelPlacesItem.setValue({ helpscout: { x: 40, y: 500, collapsed: true } });
    mountPanelFrame(new ContentScriptContext('test'), 'helpscout');
    await expect
      .poll(() => panelPlacesItem.getValue())
      .toEqual({
        helpscout: { collapsed: true, dock: { edgeX: 'left', x: 40, edgeY: 'bottom', y: innerHeight - 500 - 42 } },
      });
    expect(px('left')).toBe(40);
    expect(px('top')).toBe(500);
  });

  it('mounts before the adapter is chosen: placed (with its saved place) once told the helpdesk, or removed', async () => {
    document.body.innerHTML = '';
    await panelPlacesItem.setValue({ helpscout: { x: 40, y: 500 } });
    const f = mountPanelFrame(new ContentScriptContext('test'));
    expect(iframe().getAttribute('src')).toMatch(/\/panel\.html$/); // loading already
    expect(wrapper().style.getPropertyValue('left')).toBe('');
    f.setHelpdesk('helpscout');
    await expect.poll(() => px('left')).toBe(40);
    f.remove();
    expect(document.querySelector('iframe[data-leeway-panel]')).toBeNull();
  });

  it('goes back to the helpdesk’s default on "reset", and forgets the dragged place', async () => {
    document.body.innerHTML = '';
    await panelPlacesItem.setValue({ zammad: { dock: { edgeX: 'right', x: 0, edgeY: 'top', y: 0 }, collapsed: true } });
    const f = mountPanelFrame(new ContentScriptContext('test'), 'zammad');
    await expect.poll(() => px('top')).toBe(0);
    f.layout({ type: 'reset' });
    // Zammad's default: bottom left (adapters/placement.ts).
    expect(px('left')).toBe(16);
    expect(px('top')).toBe(innerHeight - 42 - 24);
    await expect.poll(() => panelPlacesItem.getValue()).toEqual({ zammad: { collapsed: true } });
  });

  it('takes focus in only on the shortcut, and gives it back where it was', () => {
    const reply = document.createElement('textarea');
    document.body.prepend(reply);
    reply.focus();
    expect(frame.shortcut()).toBeNull(); // no ticket, no panel: focus stays
    expect(document.activeElement).toBe(reply);
    frame.view(ticket(1, '101'));
    frame.shown(1);
    expect(document.activeElement).toBe(reply); // showing the panel never moves focus
    expect(frame.shortcut()).toBe('enter');
    expect(document.activeElement).toBe(iframe());
    frame.layout({ type: 'focus-page' });
    expect(document.activeElement).toBe(reply);
    // A late Escape after the agent moved on does not pull focus anywhere.
    frame.layout({ type: 'focus-page' });
    expect(document.activeElement).toBe(reply);
    expect(frame.shortcut()).toBe('enter');
    expect(frame.shortcut()).toBe('leave');
    expect(document.activeElement).toBe(reply);
    // Another ticket hides the frame: focus does not stay in a frame nobody can see.
    expect(frame.shortcut()).toBe('enter');
    frame.view(ticket(2, '102'));
    expect(document.activeElement).toBe(reply);
  });
});
