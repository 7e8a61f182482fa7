/**
 * An audit entry as a sentence: "Dana Agent revealed the phone number of Marco Rossi". The raw
 * action, ids and detail stay available on demand (the row's details); this is what a person reads.
 */
import type { AuditEntry } from '@shared/schemas/audit';
import { CALL_DESKTOP_NAMES } from '@shared/call-desktops';
import { codeLabel } from '@shared/code-label';

const FIELD: Record<string, string> = { phone: 'phone number', email: 'email address' };
const ROLE: Record<string, string> = { agent: 'agent', supervisor: 'supervisor', auditor: 'QA auditor', admin: 'admin' };

const PLATFORM: Record<string, string> = { genesys: 'Genesys Cloud', aircall: 'Aircall', ...CALL_DESKTOP_NAMES };
const platformName = (target: string) => {
  const id = target.replace(/^platform:/, '');
  return PLATFORM[id] ?? codeLabel(id);
};

/** A role in words ("QA auditor"), for the console's header and people lists. */
export const roleWords = (role: string | null) => (role ? (ROLE[role] ?? codeLabel(role).toLowerCase()) : '');

export function auditSentence(e: AuditEntry): string {
  const who = e.actor.name ?? 'Someone not signed in';
  // The person the entry is about, by name when the server found one, else what kind of thing it is.
  const whom = e.targetName ?? (e.target.startsWith('customer:') ? 'an erased or merged customer' : 'a former user');
  const d = e.detail ?? {};
  const version = /:v(\d+)$/.exec(e.target)?.[1];
  const named = typeof d.name === 'string' ? ` “${d.name}”` : '';
  switch (e.action) {
    case 'auth.sign-in':
      return `${who} signed in`;
    case 'auth.sign-in-refused':
      return `A sign-in as ${whom} was refused: wrong password`;
    case 'auth.throttled':
      return `Sign-ins as ${whom} were paused after too many wrong passwords`;
    case 'auth.sign-out':
      return `${who} signed out`;
    case 'auth.refresh-reuse':
      return `${who} was signed out everywhere: an old session token was used again`;
    case 'policy.publish':
      return `${who} published policy version ${version ?? ''}`.trim();
    case 'offers.update':
      return `${who} saved offers version ${version ?? ''}${typeof d.offers === 'number' ? ` (${d.offers} offer${d.offers === 1 ? '' : 's'})` : ''}`;
    case 'adapter.create':
      return `${who} added the helpdesk adapter${named}`;
    case 'adapter.update':
      return `${who} changed the helpdesk adapter${named}`;
    case 'adapter.delete':
      return `${who} removed the helpdesk adapter${named}`;
    case 'helpdesk-hosts.update':
      return `${who} changed the helpdesk hosts Leeway runs on`;
    case 'event-type.declare':
      return `${who} declared the event type ${e.target.replace(/^event-type:/, '')}`;
    case 'log.retention':
      return typeof d.days === 'number'
        ? `${who} set the log to keep entries for ${d.days} days`
        : `${who} set the log to keep entries forever`;
    case 'log.settings':
      return `${who} changed the log settings`;
    case 'customer.erase':
      return `${who} erased the personal data of ${whom}`;
    case 'erasure.request':
      return `${who} filed a request to erase the personal data of ${whom}`;
    case 'erasure.settings':
      return `${who} changed the erasure settings`;
    case 'customer.merge':
      return `${who} merged ${whom} into another customer record`;
    case 'customer.unmerge':
      return `${who} undid a merge of two customer records`;
    case 'customer.create':
      return `${who} added the customer ${whom}`;
    case 'customer.update':
      return `${who} changed the customer record of ${whom}`;
    case 'customer.link-identity':
      return `${who} linked a helpdesk requester to ${whom}`;
    case 'pii.reveal':
      return `${who} revealed the ${FIELD[String(d.field)] ?? 'personal data'} of ${whom}`;
    case 'reveals.settings':
      return `${who} changed the rules for revealing personal data`;
    case 'platform.connect':
      return `${who} connected ${platformName(e.target)}${d.secretChanged === false ? ' (settings only, same secret)' : ''}`;
    case 'platform.disconnect':
      return `${who} disconnected ${platformName(e.target)}`;
    case 'calls.settings':
      return confirmedCallsWords(who, d.confirmedBy as { from?: string[]; to?: string[] } | undefined);
    case 'log.read':
      return `${who} opened the personal fields of a logged resolution`;
    case 'qa.scorecard.create':
      return `${who} created scorecard version ${version ?? ''}`.trim();
    case 'qa.dispute.decide':
      return `${who} ${d.outcome === 'amended' ? 'amended the score of' : 'upheld'} a disputed QA review`;
    case 'audit.export':
      return `${who} exported the audit log`;
    case 'user.invite':
      return `${who} invited ${whom}`;
    case 'user.invite-reissue':
      return `${who} sent ${whom} a new invitation`;
    case 'user.invite-accept':
      return `${whom} accepted their invitation`;
    case 'user.deactivate':
      return `${who} deactivated ${whom}`;
    case 'user.reactivate':
      return `${who} reactivated ${whom}`;
    case 'user.access-change':
      return `${who} changed the access of ${whom}`;
    default:
      return `${who}: ${codeLabel(e.action)}`;
  }
}

/** A loosened setting says so: which desktops stopped taking the caller from their platform's events. */
function confirmedCallsWords(who: string, change: { from?: string[]; to?: string[] } | undefined): string {
  const names = (ids: string[]) => ids.map((id) => PLATFORM[id] ?? codeLabel(id)).join(' and ');
  const from = change?.from ?? [];
  const to = change?.to ?? [];
  const dropped = from.filter((id) => !to.includes(id));
  const added = to.filter((id) => !from.includes(id));
  const parts = [
    added.length ? `took callers on ${names(added)} from its call events only` : '',
    dropped.length ? `stopped taking callers on ${names(dropped)} from its call events (the page's reading counts again)` : '',
  ].filter(Boolean);
  return `${who} ${parts.join(', and ') || 'saved the confirmed-calls setting unchanged'}`;
}
