/**
 * Leeway's calls out to contact-center platforms' APIs (Genesys Cloud, Aircall): HTTPS only, a
 * short deadline (an agent is waiting on a ringing call), and no redirect followed, so credentials
 * go to the platform's own host and nowhere else. LEEWAY_PLATFORM_HOSTS points a platform host at
 * a local stand-in for fixtures and tests; production refuses it (env-schema.ts).
 */
import type { FastifyInstance } from 'fastify';

export type PlatformFetch = (url: string, init?: RequestInit) => Promise<Response>;

declare module 'fastify' {
  interface FastifyInstance {
    platformFetch: PlatformFetch;
  }
}

/** How long one platform call may take before the agent is told the platform did not answer. */
export const PLATFORM_TIMEOUT_MS = 5_000;

export function createPlatformFetch(hosts: Record<string, string>): PlatformFetch {
  return (url, init = {}) => {
    const u = new URL(url);
    if (u.protocol !== 'https:') throw new Error(`platform calls are HTTPS only, not ${url}`);
    const local = hosts[u.hostname];
    const target = local ? `http://${local}${u.pathname}${u.search}` : u.href;
    return fetch(target, { ...init, redirect: 'error', signal: init.signal ?? AbortSignal.timeout(PLATFORM_TIMEOUT_MS) });
  };
}

export const decoratePlatformFetch = (app: FastifyInstance, hosts: Record<string, string>) =>
  app.decorate('platformFetch', createPlatformFetch(hosts));
