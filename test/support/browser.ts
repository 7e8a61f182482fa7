/**
 * Debian's Chromium with the built extension loaded, driven by playwright-core (the launch itself
 * is the demo's, scripts/demo/chromium.ts). Helpdesk host names resolve to local fixture servers.
 */
import { launchWithExtension as launch, type ExtensionBrowser } from '../../scripts/demo/chromium';
import { settledScreenshots } from './settled-screenshots';

export { EXTENSION_DIR, signIn, type ExtensionBrowser } from '../../scripts/demo/chromium';

/** Headless Chromium with the extension, the fixtures' host names resolved by `hostRules`. */
export async function launchWithExtension(hostRules: string[], opts: { keepFirstRunPage?: boolean } = {}): Promise<ExtensionBrowser> {
  const b = await launch({ hostRules, keepFirstRunPage: opts.keepFirstRunPage });
  settledScreenshots(b.context);
  return b;
}

export { PANEL_FRAME, panelOf as panel } from '../../scripts/demo/windows';
