/**
 * The tenant's pinned helpdesk hosts: the exact hosts its agents work on. The extension asks
 * the browser for and runs only on these; the server refuses interactions from any other.
 */
import { z } from 'zod';
import { HelpdeskInstance } from '../helpdesk-instance';

export const MAX_HELPDESK_HOSTS = 200;

export const HelpdeskHostsBody = z
  .object({
    hosts: z
      .array(HelpdeskInstance)
      .max(MAX_HELPDESK_HOSTS, `must list at most ${MAX_HELPDESK_HOSTS} hosts`)
      .refine((hosts) => new Set(hosts).size === hosts.length, 'must list each host once'),
  })
  .strict();
export type HelpdeskHostsBody = z.infer<typeof HelpdeskHostsBody>;

export const HelpdeskHosts = z.object({ hosts: z.array(z.string()) });
export type HelpdeskHosts = z.infer<typeof HelpdeskHosts>;

/** What the server answers when an interaction comes from a host the tenant did not list. */
export const unpinnedHostMessage = (host: string) =>
  `${host} is not one of your organisation's helpdesk addresses. An admin can add it in Leeway's options, under Helpdesk hosts.`;
