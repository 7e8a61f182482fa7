/**
 * Runs code inside Leeway's content script world in a tab: the isolated world Chromium gives the
 * extension's content script in the page's top frame, with its `chrome.*` APIs. Playwright cannot
 * reach it; the DevTools protocol can (Runtime.evaluate with that world's context id), as the
 * DevTools console's context picker does. What runs there can do what a subverted content script
 * could: read extension storage, message the background, open ports.
 */
import type { Page } from 'playwright-core';

interface ContextDescription {
  id: number;
  name: string;
  origin: string;
  auxData?: { type?: string; frameId?: string; isDefault?: boolean };
}

/**
 * Evaluates `fn` (serialised: no closures) in the content script's world of `page`'s top frame
 * and returns its JSON-able result. Waits up to `timeoutMs` for the content script to exist.
 */
export async function inContentScript<T>(page: Page, fn: () => T | Promise<T>, opts: { timeoutMs?: number } = {}): Promise<T> {
  const cdp = await page.context().newCDPSession(page);
  try {
    const contexts: ContextDescription[] = [];
    cdp.on('Runtime.executionContextCreated', ({ context }: { context: ContextDescription }) => contexts.push(context));
    cdp.on('Runtime.executionContextDestroyed', ({ executionContextId }: { executionContextId: number }) => {
      const i = contexts.findIndex((c) => c.id === executionContextId);
      if (i >= 0) contexts.splice(i, 1);
    });
    await cdp.send('Runtime.enable');
    const { frameTree } = (await cdp.send('Page.getFrameTree')) as { frameTree: { frame: { id: string } } };
    const isOurs = (c: ContextDescription) =>
      c.auxData?.type === 'isolated' &&
      c.auxData.frameId === frameTree.frame.id &&
      !c.name.startsWith('__playwright') &&
      (c.origin.startsWith('chrome-extension://') || c.name === 'Leeway');
    const deadline = Date.now() + (opts.timeoutMs ?? 10_000);
    let world = contexts.find(isOurs);
    while (!world && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      world = contexts.find(isOurs);
    }
    if (!world)
      throw new Error(
        `no Leeway content script world in ${page.url()} (worlds: ${JSON.stringify(contexts.map((c) => [c.name, c.origin, c.auxData?.type]))})`,
      );
    // Compiled test code may wrap functions in a `__name` helper the page does not have.
    const expression = `(() => { const __name = (f) => f; return (${fn.toString()})(); })()`;
    const res = (await cdp.send('Runtime.evaluate', { expression, contextId: world.id, awaitPromise: true, returnByValue: true })) as {
      result: { value?: unknown };
      exceptionDetails?: { text: string; exception?: { description?: string } };
    };
    if (res.exceptionDetails) throw new Error(res.exceptionDetails.exception?.description ?? res.exceptionDetails.text);
    return res.result.value as T;
  } finally {
    await cdp.detach().catch(() => {});
  }
}
