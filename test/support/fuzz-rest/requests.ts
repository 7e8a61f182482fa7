/**
 * Requests for the REST fuzz: valid params, query and body for a route, the URL they make, the
 * request sent in-process, and what is wrong with its answer.
 */
import type { z } from 'zod';
import { signedHeaders } from '@shared/webhook-signature';
import type { TestApp } from '../app';
import * as F from '../fuzz';
import type { FuzzSamples } from './samples';

export type Route = TestApp['app']['routeList'][number];
export const key = (r: Pick<Route, 'method' | 'url'>) => `${r.method} ${r.url}`;
export const hasBody = (r: Route) => ['POST', 'PUT', 'PATCH'].includes(r.method);

export interface Parts {
  params: Record<string, unknown>;
  query: Record<string, unknown>;
  body: unknown;
}
export interface Sent {
  status: number;
  json: Record<string, unknown> | null;
  text: string;
}

/** Valid params, query and body for `r`, or the reason this file cannot exercise it. */
export function examples(r: Route, samples: FuzzSamples): Parts {
  const schema = (r.schema ?? {}) as { params?: z.ZodType; querystring?: z.ZodType; body?: z.ZodType };
  const names = [...r.url.matchAll(/:([A-Za-z]+)|\*/g)].map((m) => m[1] ?? '*');
  const preferredParams = Object.fromEntries(names.map((n) => [n, samples.paramsOf[key(r)]?.[n] ?? samples.params[n] ?? 'x']));
  const part = (what: string, s: z.ZodType | undefined, preferred: unknown) => {
    if (!s) return preferred;
    const v = F.validExample(s, preferred);
    if (v === undefined)
      throw new Error(
        `${key(r)}: cannot build a valid ${what} from its schema: add one to ${what === 'body' ? 'bodies' : what === 'query' ? 'queries' : 'params'} in test/support/fuzz-rest/samples.ts`,
      );
    return v;
  };
  // Params travel as text: a generated number (version) goes as its digits.
  const params = part('params', schema.params, preferredParams) as Record<string, unknown>;
  return {
    params: Object.fromEntries(Object.entries(params).map(([k, v]) => [k, String(v)])),
    query: part('query', schema.querystring, samples.queries[key(r)] ?? {}) as Record<string, unknown>,
    body: hasBody(r) ? part('body', schema.body, samples.bodies[key(r)] ?? {}) : undefined,
  };
}

const asText = (v: unknown): string =>
  typeof v === 'string' ? v : v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);

/** The URL for `parts`, and whether the server will read back exactly what was meant (lone surrogates cannot be sent as UTF-8). */
export function urlOf(
  r: Route,
  parts: Parts,
): { url: string; params: Record<string, string>; query: Record<string, string | string[]>; exact: boolean } {
  let exact = true;
  const params: Record<string, string> = {};
  const path = r.url.replace(/:([A-Za-z]+)|\*/g, (_m, name: string | undefined) => {
    const n = name ?? '*';
    params[n] = asText(parts.params[n]);
    const enc = F.encodeUrlPart(params[n]);
    exact &&= enc.exact && params[n] !== '' && !/^\.\.?$/.test(params[n]);
    return n === '*' ? enc.text.replace(/%2F/gi, '/') : enc.text;
  });
  const query: Record<string, string | string[]> = {};
  const pairs: string[] = [];
  for (const [k, v] of Object.entries(parts.query ?? {})) {
    if (v === undefined) continue;
    const values = Array.isArray(v) ? v.map(asText) : [asText(v)];
    query[k] = Array.isArray(v) ? values : values[0]!;
    // Unusual keys ("__proto__", "") are parsed by the server's own rules: only "no 500" is certain for them.
    exact &&= /^[A-Za-z][\w.-]*$/.test(k) && values.length > 0;
    for (const value of values) {
      const [ek, ev] = [F.encodeUrlPart(k), F.encodeUrlPart(value)];
      exact &&= ek.exact && ev.exact;
      pairs.push(`${ek.text}=${ev.text}`);
    }
  }
  return { url: pairs.length ? `${path}?${pairs.join('&')}` : path, params, query, exact };
}

export async function send(
  t: TestApp,
  ingestKey: { id: string; secret: string },
  r: Route,
  req: { url: string; payload?: string | Buffer; contentType?: string },
  token: string | undefined,
): Promise<Sent> {
  const headers: Record<string, string> = {};
  if (token) headers.authorization = `Bearer ${token}`;
  if (req.payload !== undefined) {
    headers['content-type'] = req.contentType ?? 'application/json';
    // The webhook checks its signature first: sign every body, so what is fuzzed is what lies behind it.
    if (key(r) === 'POST /v1/ingest/events')
      Object.assign(headers, signedHeaders(ingestKey.id, ingestKey.secret, req.payload.toString()), {
        'content-type': headers['content-type'],
      });
  }
  const res = await t.app.inject({
    method: r.method as 'GET',
    url: req.url,
    headers,
    ...(req.payload === undefined ? {} : { payload: req.payload }),
  });
  let json: Record<string, unknown> | null = null;
  try {
    json = res.json();
  } catch {
    // CSV and metrics answer text: only refusals must be JSON.
  }
  return { status: res.statusCode, json, text: res.body };
}

/** What is wrong with an answer, or null: a 5xx, an invalid request accepted, a refusal that does not say why, a refusal that wrote. */
export function problem(res: Sent, mustRefuse: boolean, wrote: string[]): string | null {
  if (res.status >= 500) return `answered ${res.status}: ${res.text.slice(0, 300)}`;
  if (mustRefuse && res.status < 400) return `accepted input its schema refuses, with ${res.status}: ${res.text.slice(0, 300)}`;
  if (res.status >= 400) {
    const message = res.json?.message;
    if (typeof message !== 'string' || !message.trim()) return `refused with ${res.status} but no message: ${res.text.slice(0, 300)}`;
    if (/something went wrong/i.test(message)) return `refused with ${res.status} and a generic message: ${message}`;
    if (message === res.json?.error) return `refused with ${res.status}; the message only repeats "${message}"`;
    if (wrote.length) return `refused with ${res.status} (${message}) but changed row counts: ${wrote.join(', ')}`;
  }
  return null;
}

export const describePayload = (v: unknown) => {
  const s = typeof v === 'string' ? v : (JSON.stringify(v) ?? String(v));
  return s.length > 300 ? `${s.slice(0, 300)}… (${s.length} chars)` : s;
};
