/**
 * Calls for the user-administration tests, bound to the file's app: REST as anyone (each call
 * from a fresh address, so only the limit under test counts), accepting an invitation, signing
 * in, socket acks, and the audit entries of one target.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { Response } from '@shared/events';
import type { ClientSocket, TestApp } from './app';

export const disconnected = (s: ClientSocket) => new Promise<string>((resolve) => s.once('disconnect', (reason) => resolve(reason)));
export const emit = (s: ClientSocket, event: string, payload: unknown) =>
  (s.timeout(10_000).emitWithAck as (e: string, p: unknown) => Promise<Response<unknown>>)(event, payload);
export const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

export function userAdminHelpers(app: () => TestApp) {
  let nextAddress = 1;
  /** A fresh caller address per call, so only the limit under test counts. */
  const freshAddress = () => `10.7.${Math.floor(nextAddress / 250)}.${(nextAddress++ % 250) + 1}`;
  const tokens = new Map<string, string>();
  const tokenOf = async (email: string) => tokens.get(email) ?? tokens.set(email, await app().token(email)).get(email)!;

  async function call(as: string, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) {
    return app().app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${await tokenOf(as)}` },
      remoteAddress: freshAddress(),
      ...(payload ? { payload } : {}),
    });
  }
  const accept = (token: string, password: string, remoteAddress = freshAddress()) =>
    app().app.inject({ method: 'POST', url: '/v1/users/invitations/accept', payload: { token, password }, remoteAddress });
  const signIn = (email: string, password = 'leeway-demo') =>
    app().app.inject({ method: 'POST', url: '/v1/auth/sign-in', payload: { email, password }, remoteAddress: freshAddress() });
  const acme = () => app().seeded.acme;
  const globex = () => app().seeded.globex;
  const auditOf = async (tenantId: string, action: string, target: string) =>
    (await app().app.repos.audit.forTarget(tenantId, target)).filter((a) => a.action === action);
  const grant = () => ({
    customerId: acme().customers['dana.whitfield@example.com'],
    action: 'account_credit',
    amountCents: 500,
    idempotencyKey: randomUUID(),
  });
  return { freshAddress, tokenOf, call, accept, signIn, acme, globex, auditOf, grant };
}
