/**
 * One adapter through one condition, in its own page, sampled every animation frame in the page
 * and in the panel's frame (panel-frames.ts).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { adapters } from '../../../extension/adapters';
import type { HelpdeskFixture } from '../../fixtures/_shared/site';
import { analyseFrames, collectFrames, installFrameSampler, panelNow, type PageSample, type PanelNow } from '../panel-frames';
import type { Condition, RunResult, Step } from './conditions';
import type { HarnessStack } from './stack';

const DANA = 'Dana Whitfield';
const MARCO = 'Marco Rossi';

/** Fixtures whose helpdesk has an API of its own (routes under /api/). */
const hasApi = (f: HelpdeskFixture) => f.site.routes.some((r) => r.path.source.startsWith('^\\/api\\/'));

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The ids of ticket A and B as the page names them (its data's keys; Zendesk's own page: its URLs). */
function ticketIds(f: HelpdeskFixture): { a: string; b: string } {
  const [a, b] = Object.keys(f.tickets);
  if (a && b) return { a, b };
  const id = (url: string) => /(\d+)\/?$/.exec(new URL(url).pathname)![1]!;
  return { a: id(f.urls.a), b: id(f.urls.b) };
}

/** The in-app control that opens a ticket: Zendesk's header tab, or the fixture's nav link. */
const switchSelector = (f: HelpdeskFixture, id: string) =>
  f.id === 'zendesk' ? `[data-test-id="header-tab"][data-ticket-id="${id}"]` : `#nav [data-goto="${id}"]`;

/** Runs the steps inside the page, so 10 ms gaps are 10 ms (playwright's clicks take longer). */
function runSteps(page: Page, steps: { selector?: string; history?: 'back' | 'forward'; after: number }[]) {
  return page.evaluate(`(async (steps) => {
    for (const s of steps) {
      if (s.after) await new Promise((r) => setTimeout(r, s.after));
      if (s.history === 'back') history.back();
      else if (s.history === 'forward') history.forward();
      else document.querySelector(s.selector).click();
    }
  })(${JSON.stringify(steps)})`);
}

const describeEnd = (p: PanelNow) =>
  p.name ? `${p.name}${p.visible ? '' : ' (hidden)'}` : `${p.phase ?? 'no panel'}: ${(p.text ?? '').slice(0, 80)}`;

async function waitFor<T>(fn: () => Promise<T>, ok: (v: T) => boolean, ms: number): Promise<{ value: T; ok: boolean }> {
  const until = Date.now() + ms;
  let value = await fn();
  while (!ok(value) && Date.now() < until) {
    await sleep(50);
    value = await fn();
  }
  return { value, ok: ok(value) };
}

/** One adapter through one condition, in its own page. */
export async function runCondition(stack: HarnessStack, f: HelpdeskFixture, c: Condition): Promise<RunResult> {
  const started = Date.now();
  const base = {
    adapter: f.id,
    condition: c.id,
    staleFrames: 0,
    pageFrames: 0,
    visibleFrames: 0,
    panelSamples: 0,
    wrongTicketFrames: 0,
    longestTaskMs: 0,
    end: '',
  };
  if (c.api && !hasApi(f)) return { ...base, outcome: 'skipped', note: 'this helpdesk has no API of its own', ms: 0 };
  const host = new URL(f.urls.a).host;
  // Page conditions on a helpdesk with an API run with the API refused: the page is then the
  // source, which is where a previous pane or a lagging DOM can fool a reading.
  stack.helpdesks.refuseApi(host, c.api ?? (hasApi(f) && c.adversary ? '403' : 'ok'));
  const ids = ticketIds(f);
  const page = await stack.browser.context.newPage();
  try {
    await installFrameSampler(page);
    if (c.adversary) await page.addInitScript(`window.__adversary = ${JSON.stringify(c.adversary)};`);
    await page.goto(f.urls.a);
    // spa.js is a module with a top-level await: it may still be starting after 'load'.
    // Zendesk's page has its own small engine, with the same adversarial modes (data-fixture-adversary).
    const spa = (await page.evaluate(
      `!!document.querySelector('script[src="/fixture/spa.js"], script[data-fixture-adversary]')`,
    )) as boolean;
    if (spa) await page.waitForFunction('window.__fixtureAdversary !== undefined', undefined, { timeout: 10_000 });
    if (c.adversary && !spa) {
      return {
        ...base,
        outcome: 'skipped',
        note: "this fixture's page does not use the shared SPA engine (spa.js), so its adversarial modes cannot reach it",
        ms: Date.now() - started,
      };
    }
    const first = await waitFor(
      () => panelNow(page),
      (p) => p.name === DANA && p.visible,
      12_000,
    );
    if (!first.ok)
      return { ...base, outcome: 'fail', end: describeEnd(first.value), note: `ticket A never showed ${DANA}`, ms: Date.now() - started };

    await runSteps(
      page,
      c.steps.map((s) => ('go' in s ? { selector: switchSelector(f, ids[s.go]), after: s.after } : s)),
    );
    const last = [...c.steps].reverse().find((s): s is Extract<Step, { go: string }> => 'go' in s)!;
    const backs = c.steps.filter((s) => 'history' in s).length;
    // back then forward lands where the last click did; every condition here ends on a clicked ticket.
    const finalTicket = backs % 2 === 0 ? ids[last.go] : ids.a;
    const truth = async () =>
      ((await page.evaluate('window.__fixtureTruth ?? null')) as Record<string, string[]> | null) ?? { [ids.a]: [DANA], [ids.b]: [MARCO] };
    const right = async () => (await truth())[finalTicket]!.at(-1)!;
    // A requester the page changes after the switch: the change is part of the run.
    if (c.adversary?.rerender === 'different' && finalTicket === ids.b)
      await waitFor(truth, (t) => (t[finalTicket]?.length ?? 0) > 1, 5000);
    // The right customer: wait for it (a 429's Retry-After, a hung API's timeout and a 1 s lag all fit).
    // Where the requester may be unprovable, the panel giving up (bounded) ends the wait too.
    const gaveUp = (p: PanelNow) => c.unprovableOk === true && !p.name && (p.phase === 'failed' || p.phase === 'unknown');
    const end = await waitFor(
      async () => ({ now: await panelNow(page), want: await right() }),
      (x) => (x.now.name === x.want && x.now.visible) || gaveUp(x.now),
      12_000,
    );
    await sleep(300); // keep sampling after the end: a late flip to the wrong customer counts
    const after = await panelNow(page);

    const rec = await collectFrames(page);
    // HARNESS_DUMP=<dir>: every run's raw samples, to look at one by hand.
    if (process.env.HARNESS_DUMP) writeFileSync(join(process.env.HARNESS_DUMP, `${f.id}-${c.id}.json`), JSON.stringify(rec));
    const allowed = rec.fixtureTruth ?? (await truth());
    // The ticket a URL names, by the fixture's own rule (samples taken before spa.js had started
    // have none), else — Zendesk's own page — by the adapter's.
    const configText = spa
      ? ((await page.evaluate(`document.getElementById('fixture-config')?.textContent ?? null`)) as string | null)
      : null;
    const config = configText ? (JSON.parse(configText) as { idFrom: string; nav?: string }) : null;
    const fromConfig = (href: string) => {
      if (!config) return null;
      const u = new URL(href);
      return new RegExp(config.idFrom).exec(config.nav === 'hash' ? u.pathname + u.hash : u.pathname)?.[1] ?? null;
    };
    const adapter = adapters.find((x) => x.id === f.id);
    const ticketOf = (s: PageSample) => s.urlTicket ?? fromConfig(s.href) ?? (adapter ? adapter.ticketIdFromUrl(new URL(s.href)) : null);
    const analysis = analyseFrames(rec, ticketOf, (t) => (t ? (allowed[t] ?? []) : []));
    // A requester the page reassigned: its new person, or the old one where the helpdesk's URL or
    // API still names the old one (Kustomer's URL carries the customer id) — both are this ticket's.
    const ticketCustomers = (await truth())[finalTicket] ?? [];
    const endedRight =
      after.visible &&
      (after.name === end.value.want || (c.adversary?.rerender === 'different' && !!after.name && ticketCustomers.includes(after.name)));
    const endedUnprovable =
      !after.name &&
      (['reading', 'failed', 'unknown'].includes(after.phase ?? '') ||
        /Reading the requester|Could not read|No customer matches/.test(after.text ?? ''));
    const endOk = endedRight || (c.unprovableOk === true && endedUnprovable);
    const notes: string[] = [];
    if (!endOk) notes.push(`ended on "${describeEnd(after)}", not ${end.value.want}`);
    if (endedRight && after.name !== end.value.want)
      notes.push(`ended on ${after.name}, the ticket's requester before the page reassigned it`);
    if (endedUnprovable && !endedRight) notes.push('requester unprovable: ended on Reading…/could not read/no customer matches');
    if (rec.panel.length === 0 && rec.page.some((p) => p.mode === 'frame')) notes.push('no samples from the panel frame');
    return {
      ...base,
      outcome: analysis.stale.length === 0 && endOk ? 'pass' : 'fail',
      staleFrames: analysis.stale.length,
      pageFrames: analysis.pageFrames,
      visibleFrames: analysis.visibleFrames,
      panelSamples: analysis.panelSamples,
      wrongTicketFrames: analysis.wrongTicketFrames,
      longestTaskMs: Math.max(0, ...(rec.longTasks ?? [])),
      end: describeEnd(after),
      note: notes.join('; ') || undefined,
      examples: analysis.stale.slice(0, 3),
      ms: Date.now() - started,
    };
  } catch (e) {
    return {
      ...base,
      outcome: 'fail',
      note: `harness error: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`,
      ms: Date.now() - started,
    };
  } finally {
    stack.helpdesks.refuseApi(host, 'ok');
    await page.close().catch(() => {});
  }
}
