import { useEffect, useState } from 'preact/hooks';
import { can } from '@shared/permissions';
import { ApiError, get } from './api';
import { AuditLog } from './AuditLog';
import { Calibration } from './Calibration';
import { Charts } from './Charts';
import { OfferReport } from './OfferReport';
import { Offers } from './Offers';
import { CheckpointWitness } from './CheckpointWitness';
import { Disputes } from './Disputes';
import { ErasureRequests } from './ErasureRequests';
import { Findings } from './Findings';
import { Integrity } from './Integrity';
import { People } from './People';
import { Queue } from './Queue';
import { ReviewForm } from './ReviewForm';
import { Reviews } from './Reviews';
import type { Role } from '@shared/schemas/common';
import type { Me } from '@shared/schemas/qa-replies';
import { roleWords } from './audit-words';

/** Who the console is for, in its heading and the window's title. */
const TITLE = 'Leeway console — QA and administration';
const AGENT_TITLE = 'Leeway console — reviews of your work';
const OFFERS_TITLE = 'Leeway console — suggested offers';
const NOT_FOR_YOU =
  'Your role has no page in this console. It is for QA auditors and admins, for supervisors to follow how suggested offers fare, and for agents to read reviews of their work: ask an admin if you need one of these.';

type Tab = 'overview' | 'report' | 'queue' | 'reviews' | 'disputes' | 'calibration' | 'findings' | 'audit' | 'people' | 'offers';
const AUDIT_TABS: Tab[] = ['overview', 'queue', 'reviews', 'disputes', 'calibration', 'findings'];
const AGENT_TABS: Tab[] = ['reviews', 'disputes'];
/** Supervisors: how suggested offers fare, and the offers in force (read only); nothing of QA's. */
const OFFER_TABS: Tab[] = ['report', 'offers'];
const LABEL: Record<Tab, string> = {
  overview: 'Overview',
  report: 'Offer report',
  queue: 'Queue',
  reviews: 'Reviews',
  disputes: 'Disputes',
  calibration: 'Calibration',
  findings: 'Findings',
  audit: 'Audit log',
  people: 'People',
  offers: 'Offers',
};

/** The tabs a role may use, from the permissions the server checks; none means no console. */
function tabsFor(role: Role): Tab[] {
  if (role === 'agent') return AGENT_TABS;
  if (!can(role, 'qa:console')) return can(role, 'offers:read') ? OFFER_TABS : [];
  // The audit log only for roles that may read it, People for those who manage them (admins).
  const tabs = [...AUDIT_TABS];
  if (can(role, 'audit:read')) tabs.push('audit');
  if (can(role, 'users:manage')) tabs.push('people');
  // Offers for roles that may read them (auditors, admins); only admins get its Edit button.
  if (can(role, 'offers:read')) tabs.push('offers');
  return tabs;
}
const titleFor = (role: Role) => (role === 'agent' ? AGENT_TITLE : can(role, 'qa:console') ? TITLE : OFFERS_TITLE);

/**
 * The console, a full extension page. What it shows is decided by the server: it asks who
 * you are, shows the tabs your role may use, and any 403 arrives as a message in words.
 */
export function Console() {
  const [me, setMe] = useState<Me | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [tab, setTab] = useState<Tab>('overview');
  const [reviewing, setReviewing] = useState<string | null>(null);
  const [queueId, setQueueId] = useState<string | null>(null);

  useEffect(() => {
    get<Me>('/v1/qa/me').then(
      (m) => (setMe(m), setTab(tabsFor(m.role)[0] ?? 'overview')),
      // A role the server gives no console: who it is for, in words, not the permission's code.
      (e: Error) => setError(e instanceof ApiError && e.status === 403 ? NOT_FOR_YOU : e.message),
    );
  }, []);

  const tabs = me ? tabsFor(me.role) : [];
  if (error || (me && tabs.length === 0))
    return (
      <main class="denied">
        <h1>Leeway console</h1>
        <p class="error" data-testid="console-error">
          {error ?? NOT_FOR_YOU}
        </p>
      </main>
    );
  if (!me) return <main class="muted">Loading…</main>;
  const title = titleFor(me.role);
  document.title = title;
  const open = (id: string) => setReviewing(id);
  return (
    <main>
      <header class="top">
        <h1>{title}</h1>
        <nav aria-label="Console pages">
          {tabs.map((t) => (
            <button
              type="button"
              key={t}
              class={t === tab && !reviewing ? 'on' : ''}
              aria-current={t === tab && !reviewing ? 'page' : undefined}
              onClick={() => (setTab(t), setReviewing(null))}
            >
              {LABEL[t]}
            </button>
          ))}
        </nav>
        <span class="muted small">
          {me.name}, {roleWords(me.role)}
        </span>
      </header>
      {reviewing ? (
        <ReviewForm resolutionId={reviewing} onDone={() => (setReviewing(null), setTab(me.role === 'agent' ? 'reviews' : 'queue'))} />
      ) : (
        <>
          {tab === 'overview' && (
            <>
              <Integrity />
              {can(me.role, 'log:verify') && <CheckpointWitness me={me} />}
              <Charts />
              {can(me.role, 'offers:read') && <OfferReport />}
            </>
          )}
          {tab === 'report' && <OfferReport />}
          {tab === 'queue' && <Queue onOpen={open} openId={queueId} setOpenId={setQueueId} canSeed={me.role === 'admin'} />}
          {tab === 'reviews' && <Reviews me={me} onOpen={open} />}
          {tab === 'disputes' && <Disputes me={me} />}
          {tab === 'calibration' && <Calibration />}
          {tab === 'findings' && <Findings onQueued={() => setTab('queue')} />}
          {tab === 'audit' && <AuditLog />}
          {tab === 'offers' && <Offers me={me} />}
          {tab === 'people' && (
            <>
              <People />
              {can(me.role, 'erasure:read') && <ErasureRequests />}
            </>
          )}
        </>
      )}
    </main>
  );
}
