/**
 * Screenshots of a settled page. The panel is a frame the content script sizes to what the panel
 * reports; a screenshot taken right after the panel grew can catch the frame already taller but
 * its new part not yet painted (a blank band under the content). Every page of a test browser
 * waits for two animation frames in each of its frames before a screenshot: the resize and the
 * paint that follows it.
 */
import type { BrowserContext, Page } from 'playwright-core';

/** Two frames, or 200 ms in a frame that is not painting (a hidden page's frames get no frames). */
const twoFrames = () =>
  new Promise<void>((resolve) => {
    setTimeout(resolve, 200);
    requestAnimationFrame(() => requestAnimationFrame(() => resolve()));
  });

export async function framesSettled(page: Page): Promise<void> {
  // A frame being replaced or gone has nothing left to paint.
  await Promise.all(page.frames().map((f) => f.evaluate(twoFrames).catch(() => undefined)));
}

function settleBeforeScreenshots(page: Page) {
  const screenshot = page.screenshot.bind(page);
  page.screenshot = async (options) => {
    await framesSettled(page);
    return screenshot(options);
  };
}

export function settledScreenshots(context: BrowserContext): void {
  context.pages().forEach(settleBeforeScreenshots);
  context.on('page', settleBeforeScreenshots);
}
