/**
 * The adversarial harness's conditions (every way a helpdesk page makes its URL, its DOM and its
 * API disagree), the fixtures it runs them on, and what one run reports.
 */
import type { HelpdeskFixture } from '../../fixtures/_shared/site';
import { customHelpdeskSite, customHelpdeskUrls } from '../../fixtures/custom-helpdesk/routes';
import type { ApiMode } from '../helpdesk-server';
import { HELPDESK_FIXTURES } from '../helpdesks-stack';

/** spa.js's adversarial switches (see its header). */
export interface Adversary {
  lagMs?: number | [number, number];
  stalePane?: 'before' | 'after';
  rerender?: 'same' | 'different';
  rerenderMs?: number;
  rerenderCount?: number;
  rerenderAfterMs?: number;
  hashNoise?: boolean;
}

/** After ticket A shows its customer: switch to a ticket, or go back/forward, `after` ms after the previous step. */
export type Step = { go: 'a' | 'b'; after: number } | { history: 'back' | 'forward'; after: number };

export interface Condition {
  id: string;
  /** Needs the adversarial modes in the page (spa.js, or Zendesk's own engine). */
  adversary?: Adversary;
  /** Refuses the helpdesk's own API. Only meaningful for fixtures with one. */
  api?: Exclude<ApiMode, 'ok'>;
  steps: Step[];
  /** The page makes the requester unprovable: ending on Reading…/could not read is right too. */
  unprovableOk?: boolean;
}

const B = (after = 0): Step => ({ go: 'b', after });
const A = (after: number): Step => ({ go: 'a', after });

export const CONDITIONS: Condition[] = [
  { id: 'switch', steps: [B()] },
  { id: 'lag-0', adversary: { lagMs: 0 }, steps: [B()] },
  { id: 'lag-300', adversary: { lagMs: 300 }, steps: [B()] },
  { id: 'lag-1000', adversary: { lagMs: 1000 }, steps: [B()] },
  { id: 'stale-pane-before', adversary: { stalePane: 'before' }, steps: [B()], unprovableOk: true },
  { id: 'stale-pane-after', adversary: { stalePane: 'after' }, steps: [B()], unprovableOk: true },
  { id: 'stale-pane-before-lag', adversary: { stalePane: 'before', lagMs: 400 }, steps: [B()], unprovableOk: true },
  { id: 'rerender-same-lag', adversary: { rerender: 'same', lagMs: 400 }, steps: [B()] },
  // The new requester has no id the helpdesk's reading knows: "no customer matches" is right too.
  { id: 'rerender-different', adversary: { rerender: 'different' }, steps: [B()], unprovableOk: true },
  { id: 'hash', adversary: { hashNoise: true }, steps: [B()] },
  { id: 'back-forward', steps: [B(), { history: 'back', after: 400 }, { history: 'forward', after: 400 }] },
  {
    id: 'back-forward-lag',
    adversary: { lagMs: [0, 600] },
    steps: [B(), { history: 'back', after: 150 }, { history: 'forward', after: 300 }],
  },
  { id: 'double-10', steps: [B(), A(10)] },
  { id: 'double-450-lag', adversary: { lagMs: [0, 1000] }, steps: [B(), A(450)] },
  { id: 'triple-150', steps: [B(), A(150), B(150)] },
  { id: 'triple-10-450-lag', adversary: { lagMs: [0, 1000], rerender: 'same' }, steps: [B(), A(10), B(450)] },
  { id: 'api-403', api: '403', steps: [B()] },
  { id: 'api-429', api: '429', steps: [B()] },
  { id: 'api-timeout', api: 'timeout', steps: [B()] },
];

/** The declarative adapter's fixture, as the built-in ones are described. */
export const DECLARATIVE_FIXTURE: HelpdeskFixture = {
  id: 'custom' as HelpdeskFixture['id'],
  site: customHelpdeskSite,
  tickets: { '123': {}, '124': {} },
  urls: customHelpdeskUrls,
};
export const ALL_FIXTURES: HelpdeskFixture[] = [...HELPDESK_FIXTURES, DECLARATIVE_FIXTURE];

export interface RunResult {
  adapter: string;
  condition: string;
  /** 'skipped' with `note` when the condition cannot reach this page. */
  outcome: 'pass' | 'fail' | 'skipped';
  staleFrames: number;
  pageFrames: number;
  visibleFrames: number;
  panelSamples: number;
  wrongTicketFrames: number;
  /** The page's longest task in ms (no frame can be painted meanwhile), when the browser reports them. */
  longestTaskMs: number;
  /** What the panel showed at the end. */
  end: string;
  note?: string;
  /** First stale frames, for the report. */
  examples?: unknown[];
  ms: number;
}
