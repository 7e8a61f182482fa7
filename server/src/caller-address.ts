import type { IncomingMessage } from 'node:http';
import proxyAddr from '@fastify/proxy-addr';
import { fastifyTrustProxy, type Config } from './config';

/**
 * The caller's address for a request Fastify did not route (a socket handshake, a URL the router
 * refused), worked out as Fastify's `req.ip` is: the same proxies believed, none when none are.
 * Fastify itself depends on @fastify/proxy-addr for this.
 */
export function callerAddress(trust: Config['trustProxy']): (raw: IncomingMessage) => string {
  const believe = fastifyTrustProxy(trust);
  if (believe === false) return (raw) => raw.socket.remoteAddress ?? '';
  const compiled = typeof believe === 'function' ? believe : proxyAddr.compile(believe);
  return (raw) => proxyAddr(raw, compiled);
}
