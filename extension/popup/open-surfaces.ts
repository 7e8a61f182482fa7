/**
 * Opening Leeway's other surfaces from the popup and the options page. Each runs from a click:
 * the side panel opens only in answer to a user gesture, so callers call it first thing.
 */
import { browser } from 'wxt/browser';

/** Firefox's sidebar (WXT builds the side panel as `sidebar_action` there); not in Chrome's types. */
type WithSidebar = { sidebarAction?: { open(): Promise<void> } };

/** The side panel in this window (Chrome), or the sidebar (Firefox). Rejects with the browser's reason. */
export function openSidePanel(windowId: number | undefined): Promise<void> {
  const sidebar = (browser as unknown as WithSidebar).sidebarAction;
  // Firefox honours the gesture only for a call made in the click's own task: no await before it.
  if (sidebar) return sidebar.open();
  if (!browser.sidePanel) return Promise.reject(new Error('this browser has no side panel'));
  if (windowId !== undefined) return browser.sidePanel.open({ windowId });
  return browser.windows.getCurrent().then((w) => browser.sidePanel.open({ windowId: w.id! }));
}

/** The QA console in a tab of its own. */
export const openConsole = () => browser.tabs.create({ url: browser.runtime.getURL('/console.html') });

/** The options page (focused if already open). */
export const openOptions = () => browser.runtime.openOptionsPage();
