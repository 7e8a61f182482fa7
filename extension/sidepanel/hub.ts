/** The side panel's line to the background: requests with replies, and pushed updates. */
import { browser } from 'wxt/browser';
import type { BackgroundToSidePanel, SidePanelReply, SidePanelRequest } from '../lib/messages';
import { SIDEPANEL_PORT } from '../lib/messages';

export interface Hub {
  ask<T extends SidePanelReply>(req: SidePanelRequest): Promise<T>;
  close(): void;
}

export function connectHub(onPush: (msg: Exclude<BackgroundToSidePanel, { type: 'reply' }>) => void): Hub {
  let nextId = 1;
  const waiting = new Map<number, { resolve: (v: SidePanelReply) => void; reject: (e: Error) => void }>();
  let port = open();
  function open() {
    const p = browser.runtime.connect({ name: SIDEPANEL_PORT });
    p.onMessage.addListener((msg: BackgroundToSidePanel) => {
      if (msg.type !== 'reply') return onPush(msg);
      const w = waiting.get(msg.id);
      waiting.delete(msg.id);
      if (msg.ok) w?.resolve(msg.data);
      else w?.reject(new Error(msg.error));
    });
    // The service worker restarted: reconnect; the new status message triggers a reload.
    p.onDisconnect.addListener(() => setTimeout(() => (port = open()), 250));
    return p;
  }
  return {
    ask: <T extends SidePanelReply>(req: SidePanelRequest) =>
      new Promise<T>((resolve, reject) => {
        const id = nextId++;
        waiting.set(id, { resolve: resolve as (v: SidePanelReply) => void, reject });
        port.postMessage({ ...req, id });
      }),
    close: () => port.disconnect(),
  };
}
