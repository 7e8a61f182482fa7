import { UserError, forbidden } from '../errors';
import { linkRequester } from '../services/customer-link';
import type { Handler } from './handle';

/** customer:search: the tenant's customers by part of a name, email or phone; contacts masked. */
export const searchCustomers: Handler<'customer:search'> = ({ query }, { app, who }) => app.repos.customers.search(who.tenantId, query);

/** customer:link: the requester of a ticket this connection opened, which found nobody, is this customer. */
export const linkCustomer: Handler<'customer:link'> = async (p, { app, socket, who }) => {
  // Only from a ticket on this agent's screen: need-to-know, as for reveals.
  const open = socket.data.interactions.get(p.interactionId);
  if (!open) throw forbidden('This ticket is not open in your panel on this connection: reopen it, then link the requester');
  if (open.customerId) throw new UserError(409, 'This ticket already shows a customer: nothing was linked.');
  // The identities are the ones this connection's open carried, never a requester the link names.
  const requester = open.unknownRequester;
  if (!requester) throw new UserError(409, 'This ticket already shows a customer: nothing was linked.');
  return linkRequester(app, who, { ...p, requester });
};
