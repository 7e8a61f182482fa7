/**
 * A tenant's connection to a contact-center platform Leeway calls out to, set by an admin
 * (PUT /v1/settings/platforms/:platform). Settings may be read back; secrets never are: they are
 * sealed at rest and a read says only that one is set.
 */
import { z } from 'zod';
import { IsoDateTime } from './common';

/** Genesys Cloud's regions, by the domain its apps, login and API hosts share (apps.<region>, api.<region>). */
export const GENESYS_REGIONS = [
  'mypurecloud.com',
  'use2.us-gov-pure.cloud',
  'usw2.pure.cloud',
  'cac1.pure.cloud',
  'sae1.pure.cloud',
  'mypurecloud.ie',
  'euw2.pure.cloud',
  'mypurecloud.de',
  'euc2.pure.cloud',
  'mec1.pure.cloud',
  'aps1.pure.cloud',
  'mypurecloud.jp',
  'apne2.pure.cloud',
  'apne3.pure.cloud',
  'mypurecloud.com.au',
] as const;

const secretText = (what: string) =>
  z
    .string({ error: `is required: ${what}` })
    .trim()
    .min(8, `must be ${what}, at least 8 characters`)
    .max(512);

export const PLATFORM_CONNECTIONS = {
  /** A Genesys Cloud OAuth client (client credentials grant) allowed to read conversations and users. */
  genesys: {
    settings: z
      .object({
        region: z.enum(GENESYS_REGIONS, { error: `must be one of Genesys Cloud's regions: ${GENESYS_REGIONS.join(', ')}` }),
        clientId: z.string({ error: 'is required: the OAuth client’s id' }).trim().min(1, 'is required: the OAuth client’s id').max(128),
      })
      .strict(),
    secret: z.object({ clientSecret: secretText('the OAuth client’s secret') }).strict(),
  },
  /** An Aircall API id and token (Basic auth), and the token Aircall puts in every webhook it sends. */
  aircall: {
    settings: z
      .object({ apiId: z.string({ error: 'is required: the API id' }).trim().min(1, 'is required: the API id').max(128) })
      .strict(),
    secret: z.object({ apiToken: secretText('the API token'), webhookToken: secretText('the webhook’s token') }).strict(),
  },
} as const;
export type Platform = keyof typeof PLATFORM_CONNECTIONS;
export const PLATFORMS = Object.keys(PLATFORM_CONNECTIONS) as Platform[];
export type PlatformSettings<P extends Platform> = z.infer<(typeof PLATFORM_CONNECTIONS)[P]['settings']>;
export type PlatformSecret<P extends Platform> = z.infer<(typeof PLATFORM_CONNECTIONS)[P]['secret']>;

export const PlatformParam = z.object({
  platform: z.enum(PLATFORMS, { error: `must be one of: ${PLATFORMS.join(', ')}` }),
});

/** PUT's body: the settings, and the secret (left out to keep the one set). */
export const PlatformConnectionBody = z
  .object({ settings: z.record(z.string(), z.unknown()), secret: z.record(z.string(), z.unknown()).optional() })
  .strict();
export type PlatformConnectionBody = z.infer<typeof PlatformConnectionBody>;

export const PlatformConnectionView = z.object({
  platform: z.enum(PLATFORMS),
  settings: z.record(z.string(), z.unknown()),
  /** Never the secret: only that one is set. */
  secretSet: z.literal(true),
  updatedAt: IsoDateTime,
});
export type PlatformConnectionView = z.infer<typeof PlatformConnectionView>;
export const PlatformConnectionList = z.object({ connections: z.array(PlatformConnectionView) });
