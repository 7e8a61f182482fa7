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
import type { Me } from '@shared/schemas/qa-replies';
import { roleWords } from './audit-words';

/** Who the console is for, in its heading and the window's title. */
const TITLE = 'Leeway console — QA and administration';
const AGENT_TITLE = 'Leeway console — reviews of your work';
const NOT_FOR_YOU =
  'This console is for QA auditors and admins, and for agents to read reviews of their work. Team leads decide requests in the side panel instead.';

type Tab = 'overview' | 'queue' | 'reviews' | 'disputes' | 'calibration' | 'findings' | 'audit' | 'people' | 'offers';
const AUDIT_TABS: Tab[] = ['overview', 'queue', 'reviews', 'disputes', 'calibration', 'findings'];
const AGENT_TABS: Tab[] = ['reviews', 'disputes'];
const LABEL: Record<Tab, string> = {
  overview: 'Overview',
  queue: 'Queue',
  reviews: 'Reviews',
  disputes: 'Disputes',
  calibration: 'Calibration',
  findings: 'Findings',
  audit: 'Audit log',
  people: 'People',
  offers: 'Offers',
};

/**
 * The QA console, a full extension page. What it shows is decided by the server: it asks who
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
      (m) => (setMe(m), setTab(m.role === 'agent' ? 'reviews' : 'overview')),
      // A role without the console: where that role works instead, not the permission's code.
      (e: Error) => setError(e instanceof ApiError && e.status === 403 ? NOT_FOR_YOU : e.message),
    );
  }, []);

  if (error)
    return (
      <main class="denied">
        <h1>{TITLE}</h1>
        <p class="error" data-testid="console-error">
          {error}
        </p>
      </main>
    );
  if (!me) return <main class="muted">Loading…</main>;
  document.title = me.role === 'agent' ? AGENT_TITLE : TITLE;
  // The audit log tab only for roles that may read it (admins); the server refuses the rest anyway.
  const shown = me.role === 'agent' ? AGENT_TABS : can(me.role, 'audit:read') ? [...AUDIT_TABS, 'audit' as const] : AUDIT_TABS;
  // People only for roles that may manage them (admins); the server refuses the rest anyway.
  const withPeople: Tab[] = can(me.role, 'users:manage') ? [...shown, 'people'] : shown;
  // Offers for roles that may read them (auditors, admins); only admins get its Edit button.
  const tabs: Tab[] = me.role !== 'agent' && can(me.role, 'offers:read') ? [...withPeople, 'offers'] : withPeople;
  const open = (id: string) => setReviewing(id);
  return (
    <main>
      <header class="top">
        <h1>{me.role === 'agent' ? AGENT_TITLE : TITLE}</h1>
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
