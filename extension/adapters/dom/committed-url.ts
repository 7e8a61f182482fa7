/**
 * The page's URL once it shows `ticketId`. The tracker hears of a navigation from the
 * Navigation API's navigate event, which fires before history.pushState commits the new URL,
 * so an adapter that needs more of the URL than the ticket id (Kustomer's customer id,
 * Chatwoot's account id) waits here for the commit instead of reading the previous URL.
 */
export function committedUrl(
  ticketIdOf: (url: URL) => string | null,
  ticketId: string,
  signal: AbortSignal,
  timeoutMs = 2000,
): Promise<URL | null> {
  return new Promise((resolve) => {
    const started = Date.now();
    const tick = () => {
      const url = new URL(location.href);
      if (ticketIdOf(url) === ticketId) return resolve(url);
      if (signal.aborted || Date.now() - started >= timeoutMs) return resolve(null);
      setTimeout(tick, 10);
    };
    tick();
  });
}
