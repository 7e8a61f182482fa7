/**
 * The demo tenant (acme) pins the demo desk's host, which is this server's own address, as it
 * pins its other helpdesk hosts (demo/hosts.ts): the extension runs the panel only on pinned
 * hosts, and the server takes interactions only from them (services/helpdesk-hosts.ts). Nothing
 * else trusts the desk. The port is known only once the server listens (tests listen on port 0),
 * so routes/demo-desk.ts calls this then. Additive: a host the tenant pins stays pinned.
 */
import type { AddressInfo } from 'node:net';
import { instanceProblem } from '@shared/helpdesk-instance';
import type { Repositories } from '../../repositories';

/**
 * The host a browser on this machine opens the desk at, for a listening address: a wildcard bind
 * is reached at 127.0.0.1, ::1 at localhost. Null for an address an instance cannot name (another IPv6).
 */
export function deskInstance(address: AddressInfo | string | null): string | null {
  if (!address || typeof address === 'string') return null; // a pipe or socket file: no browser reaches it
  const host =
    address.address === '0.0.0.0' || address.address === '::' ? '127.0.0.1' : address.address === '::1' ? 'localhost' : address.address;
  const instance = `${host}:${address.port}`;
  return instanceProblem(instance) === null ? instance : null;
}

/** Pins `instance` for the demo tenant, as its admin; false when it was pinned already or there is no demo tenant. */
export async function pinDemoDesk(repos: Repositories, instance: string): Promise<boolean> {
  const tenant = await repos.tenants.bySlug('acme');
  const admin = await repos.users.byEmail('admin@acme.test');
  if (!tenant || !admin || admin.tenantId !== tenant.id) return false;
  const hosts = await repos.helpdeskHosts.list(tenant.id);
  if (hosts.includes(instance)) return false;
  await repos.helpdeskHosts.replace(tenant.id, admin.id, [...hosts, instance]);
  return true;
}
