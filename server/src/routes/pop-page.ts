/**
 * The page a screen-pop URL opens (routes/pop.ts): plain HTML of this server, with no script and
 * no customer data (the browser has no Leeway session here). The extension's content script,
 * running on this server's /pop page, mounts the panel over it and opens the call with the
 * signed pop; the panel shows the caller. Words only for the agent: who it is for, what to do.
 */
import type { FastifyReply } from 'fastify';

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export const POP_CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/**
 * The last rule: once the extension has put its panel on the page (its frame, data-leeway-frame,
 * extension/entrypoints/reader.content/frame.ts), the words for "no panel?" step aside rather than
 * sit under it; the heading stays.
 */
const STYLE = `body{font:15px/1.5 system-ui,sans-serif;margin:0;background:#f6f7f9;color:#1d2430}
main{max-width:34rem;margin:12vh auto;padding:24px 28px;background:#fff;border:1px solid #e4e7ec;border-radius:10px}
h1{font-size:20px;margin:0 0 8px}.muted{color:#5f6b7d}.error h1{color:#a61e1e}
body:has(>[data-leeway-frame]) .muted{display:none}`;

/** `marker`: the body attribute the extension's content script looks for on a page that may open a call. */
export function popPage(o: { ok: boolean; title: string; lines: string[]; marker?: string }): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(o.title)} · Leeway</title><style>${STYLE}</style></head>
<body${o.ok ? ` ${o.marker ?? 'data-leeway-pop'}` : ''}><main class="${o.ok ? 'ok' : 'error'}"><h1>${esc(o.title)}</h1>${o.lines.map((l) => `<p class="muted">${esc(l)}</p>`).join('')}</main></body></html>`;
}

/**
 * Sends one of these pages: HTML sits outside a route's JSON reply schema, so it goes on the plain
 * reply, never cached, under the page's own CSP (it runs no script; `csp` says who may frame it).
 */
export const sendPage = (reply: unknown, status: number, csp: string, body: string) =>
  (reply as FastifyReply)
    .code(status)
    .header('content-security-policy', csp)
    .header('cache-control', 'no-store')
    .type('text/html; charset=utf-8')
    .send(body);
