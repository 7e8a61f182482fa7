/** The side panel's line to the background: calls with replies (lib/channel.ts), and pushed updates. */
import { browser } from 'wxt/browser';
import { isError, type Response } from '@shared/socket-reply';
import { createCaller } from '../lib/channel';
import type { BackgroundToSidePanel, SidePanelCalls, SidePanelToBackground } from '../lib/messages';
import { SIDEPANEL_PORT } from '../lib/messages';

type Data<N extends keyof SidePanelCalls> = Exclude<SidePanelCalls[N]['reply'], { error: string }> extends { data: infer T } ? T : never;

export interface Hub {
  /** The reply's data; rejects with the server's sentence when it refused. */
  call<N extends keyof SidePanelCalls>(name: N, payload: SidePanelCalls[N]['payload']): Promise<Data<N>>;
  close(): void;
}

export function connectHub(onPush: (msg: Exclude<BackgroundToSidePanel, { type: 'reply' }>) => void): Hub {
  const caller = createCaller<SidePanelCalls>((msg: SidePanelToBackground) => port.postMessage(msg));
  let port = open();
  function open() {
    const p = browser.runtime.connect({ name: SIDEPANEL_PORT });
    p.onMessage.addListener((msg: BackgroundToSidePanel) => {
      if (msg.type !== 'reply') onPush(msg);
      else caller.receive(msg);
    });
    // The service worker restarted: reconnect; the new status message triggers a reload.
    p.onDisconnect.addListener(() => setTimeout(() => (port = open()), 250));
    return p;
  }
  return {
    call: async (name, payload) => {
      const res = (await caller.call(name, payload)) as Response<Data<typeof name>>;
      if (isError(res)) throw new Error(res.error);
      return res.data as Data<typeof name>;
    },
    close: () => port.disconnect(),
  };
}
