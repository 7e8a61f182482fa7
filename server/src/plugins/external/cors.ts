import cors from '@fastify/cors';
import fp from 'fastify-plugin';
import type { Config } from '../../config';

/**
 * Browsers may call the API only from the extension (its pages and service worker) and
 * from consoles named in the configuration. In production the extension ids are pinned.
 */
export function allowedOrigin(config: Pick<Config, 'production' | 'extensionIds' | 'allowedOrigins'>, origin: string | undefined): boolean {
  if (!origin) return true; // not a browser (webhooks, CLI)
  if (config.allowedOrigins.includes(origin)) return true;
  const ext = /^(chrome|moz)-extension:\/\/([a-z0-9-]+)$/.exec(origin);
  if (!ext) return false;
  return config.extensionIds.length ? config.extensionIds.includes(ext[2]!) : !config.production;
}

export default fp<{ config: Config }>(
  async (app, { config }) => {
    await app.register(cors, {
      origin: (origin, cb) => cb(null, allowedOrigin(config, origin)),
      methods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
    });
  },
  { name: 'cors' },
);
