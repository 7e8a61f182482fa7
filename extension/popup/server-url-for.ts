/**
 * The server address an extension build is made for, worked out at `wxt build` time (wxt.config.ts)
 * from the same settings the server listens on, so `LEEWAY_PORT=5000 npm start` builds an extension
 * whose first run points at port 5000. Pure: no browser, no `import.meta.env` (the config runs in Node).
 */

/** The server's own defaults (server/src/env-schema.ts: LEEWAY_HOST 127.0.0.1, LEEWAY_PORT 4000). */
export const DEFAULT_SERVER_URL = 'http://127.0.0.1:4000';

export interface ServerSettings {
  /** LEEWAY_URL: the address as the browser reaches it (behind a proxy, say); wins over host and port. */
  url?: string | undefined;
  /** LEEWAY_HOST and LEEWAY_PORT, as the server's schema parsed them. */
  host: string;
  port: number;
}

/** A mistake in the build's settings, in one sentence naming the variable. */
export class ServerUrlError extends Error {}

/** `http(s)://host[:port][/path]` with no trailing slash: how the extension joins `/v1/...` to it. */
export function serverUrlFor({ url, host, port }: ServerSettings): string {
  if (url?.trim()) {
    let parsed: URL;
    try {
      parsed = new URL(url.trim());
    } catch {
      throw new ServerUrlError(`LEEWAY_URL must be the server's address, like ${DEFAULT_SERVER_URL}: "${url}" is not a URL.`);
    }
    if (!/^https?:$/.test(parsed.protocol) || parsed.username || parsed.password || parsed.search || parsed.hash)
      throw new ServerUrlError(
        `LEEWAY_URL must be a plain http(s) address, like ${DEFAULT_SERVER_URL}, without credentials, query or fragment.`,
      );
    return `${parsed.origin}${parsed.pathname}`.replace(/\/+$/, '');
  }
  // Port 0 lets the server pick a free port at start: no build can know it.
  if (port === 0)
    throw new ServerUrlError(
      'LEEWAY_PORT=0 lets the server pick any free port, so the extension cannot be built for it: set LEEWAY_URL too.',
    );
  // A server listening on every interface is reached on this machine's loopback.
  const reach = host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '::1' : host;
  return `http://${reach.includes(':') ? `[${reach}]` : reach}:${port}`;
}
