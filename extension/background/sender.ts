/**
 * Who is on the other end of a runtime message or port. The background answers extension pages
 * (options, console, side panel, the panel frame) and our own content scripts differently, and
 * never trusts what a message says about where it came from: only what the browser says.
 */
import { browser, type Browser } from 'wxt/browser';

type Sender = Browser.runtime.MessageSender;

const extensionOrigin = () => new URL(browser.runtime.getURL('/')).origin;

/** One of this extension's own pages (any tab or frame), never a content script or a web page. */
export function isExtensionPage(sender: Sender | undefined, page?: string): boolean {
  if (!sender || sender.id !== browser.runtime.id || !sender.url) return false;
  const url = new URL(sender.url);
  if (url.origin !== extensionOrigin()) return false;
  return page === undefined || url.pathname === `/${page}`;
}

/** This extension's content script in a tab (its sender.url is the page's, not ours). */
export function isContentScript(sender: Sender | undefined): sender is Sender & { tab: Browser.tabs.Tab; url: string } {
  if (!sender || sender.id !== browser.runtime.id || !sender.tab || !sender.url) return false;
  return new URL(sender.url).origin !== extensionOrigin();
}

/** The host (lowercase, :port only when not the default) of the page a content script runs in, by the browser's word. */
export function senderHost(sender: Sender): string | null {
  try {
    return sender.url ? new URL(sender.url).host.toLowerCase() : null;
  } catch {
    return null;
  }
}

/** A Leeway server's widget page (/widgets/…), which a platform's desktop frames: the one frame, not the top, a reader may run in. */
export function isWidgetFrame(url: string): boolean {
  try {
    return new URL(url).pathname.startsWith('/widgets/');
  } catch {
    return false;
  }
}
