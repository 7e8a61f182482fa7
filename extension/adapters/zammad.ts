/**
 * Zammad (hosted *.zammad.com or self-hosted).
 *
 * URL: the legacy desktop UI routes by hash, /#ticket/zoom/{id}[/{article}]; the new Vue UI by
 * path, /desktop/tickets/{id} (mobile: /mobile/tickets/{id}). The id is Zammad's internal id,
 * not the ticket number the page shows. #ticket/zoom/number/{n} is not read: it redirects.
 * The requester comes from Zammad's same-origin REST API on the agent's session
 * (GET /api/v1/tickets/{id} → customer_id → GET /api/v1/users/{customer_id}) [K]. Fallback:
 * the customer sidebar of this ticket's task only, because Zammad keeps several ticket tasks
 * mounted; a task's container id names its ticket [K], the name field is
 * `[data-tab="customer"] [title="Name"]` [E TGL, CLK], the email field is inferred [I].
 *
 * Test URLs:
 *   https://acme.zammad.com/#ticket/zoom/101
 *   https://acme.zammad.com/#ticket/zoom/102/5
 *   https://acme.zammad.com/desktop/tickets/101
 *   https://acme.zammad.com/mobile/tickets/102
 *   not a ticket: https://acme.zammad.com/#dashboard, https://acme.zammad.com/#ticket/zoom/number/31001
 */
import { queryAllDeep, queryDeep } from './dom/query-deep';
import { cleanRequester, getJson, linkValue, reading, textOf } from './requester';
import type { RequesterReading } from './types';
import { define } from './watch-requester';

const TICKET = /^(?:#ticket\/zoom\/|\/(?:desktop|mobile)\/tickets\/)(\d+)(?:\/|$)/;
const SELECTORS = {
  // [K] One container per open ticket task.
  task: (id: string) => `#content_permanent_Ticket-${id}`,
  customer: '[data-tab="customer"]',
  name: '[title="Name"]',
  email: '[title="Email"]',
};

interface ZammadUser {
  id?: number;
  firstname?: string;
  lastname?: string;
  email?: string;
  phone?: string;
  mobile?: string;
}

async function readApi(ticketId: string, signal: AbortSignal): Promise<RequesterReading> {
  const ticket = (await getJson(`/api/v1/tickets/${ticketId}`, signal)) as { customer_id?: number };
  if (ticket.customer_id == null) throw new Error('ticket has no customer_id');
  const user = (await getJson(`/api/v1/users/${ticket.customer_id}`, signal)) as ZammadUser;
  const name = [user.firstname, user.lastname].filter(Boolean).join(' ');
  return reading(
    cleanRequester({ email: user.email, phone: user.phone || user.mobile, name, helpdeskId: user.id ?? ticket.customer_id }),
    'zammad api',
    'api',
  );
}

/** The customer sidebar inside this ticket's own task container, once its name has rendered. */
function readPage(ticketId: string): RequesterReading[] {
  return queryAllDeep(document, SELECTORS.task(ticketId))
    .flatMap((task) => queryAllDeep(task, SELECTORS.customer))
    .filter((customer) => textOf(customer, SELECTORS.name))
    .map((customer) => {
      const email = queryDeep(customer, SELECTORS.email);
      return reading(
        cleanRequester({ email: linkValue(email, 'mailto') ?? email?.textContent, name: textOf(customer, SELECTORS.name) }),
        'page',
        'pane',
        customer,
      );
    });
}

export const zammad = define({
  id: 'zammad',
  name: 'Zammad',
  matches: ['https://*.zammad.com/*'],
  ticketPath: (id) => `/#ticket/zoom/${id}`,
  ticketIdFromUrl(url) {
    return TICKET.exec(url.hash)?.[1] ?? TICKET.exec(url.pathname)?.[1] ?? null;
  },
  readApi,
  readPage,
});
