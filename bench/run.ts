/**
 * `npm run bench [-- NAME…]`: runs the benchmarks whose figure names start with one of
 * the NAMEs (all when none given), prints a table and writes bench-results.json.
 * Benchmarks run one after another: they share 2 cores and must not disturb each other.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { adapterNames, adaptersBench } from './adapters';
import { callerMatchBench, callerMatchNames } from './caller-match';
import { callPop, callPopNames } from './call-pop';
import { staleFrameNames, staleFramesBench } from './adapter-stale-frames';
import { contentScriptNames, contentScriptSize } from './content-script-size';
import { customerContextBench, customerContextNames } from './customer-context';
import { demoFirstPanel, demoFirstPanelNames } from './demo-first-panel';
import { exceptionRoundTrip, exceptionRoundTripNames } from './exception-round-trip';
import { grantRecord, grantRecordNames } from './grant-record';
import { ingestBench, ingestNames } from './ingest';
import { logBench, logNames } from './log';
import { policyEval, policyEvalNames } from './policy-eval';
import { qaBench, qaNames } from './qa';
import { recommendationsBench, recommendationsNames } from './recommendations';
import { panelReady, panelReadyNames } from './panel-ready';
import { signalLatency, signalLatencyNames } from './signal-latency';
import { soakBench, soakNames } from './soak';
import { scaleBench, scaleNames } from './scale';
import { round } from './stats';
import type { Figure } from './types';
import { wsEcho, wsEchoNames } from './ws-echo';

interface Bench {
  label: string;
  /** Every figure name it produces: what NAME prefixes are matched against. */
  names: string[];
  /** Other benchmarks whose figures this one needs (as floors), run first. */
  needs?: string[];
  run(done: Map<string, Figure>): Promise<Figure[]>;
}

const need = (done: Map<string, Figure>, name: string): number => {
  const f = done.get(name);
  if (!f) throw new Error(`${name} was not measured`);
  return f.value;
};

const BENCHES: Bench[] = [
  { label: 'ws echo', names: wsEchoNames, run: () => wsEcho() },
  {
    label: 'signal latency',
    names: signalLatencyNames,
    needs: ['ws echo'],
    run: (done) => signalLatency({ p50: need(done, 'ws_echo_p50_ms'), p99: need(done, 'ws_echo_p99_ms') }),
  },
  { label: 'content script size', names: contentScriptNames, run: () => contentScriptSize() },
  { label: 'panel ready', names: panelReadyNames, run: () => panelReady() },
  { label: 'adapters', names: adapterNames, run: () => adaptersBench() },
  { label: 'adapter stale frames', names: staleFrameNames, run: () => staleFramesBench() },
  { label: 'policy evaluation', names: policyEvalNames, run: () => policyEval() },
  {
    label: 'exception round trip',
    names: exceptionRoundTripNames,
    needs: ['ws echo'],
    run: (done) => exceptionRoundTrip({ p50: need(done, 'ws_echo_p50_ms'), p99: need(done, 'ws_echo_p99_ms') }),
  },
  { label: 'grant record', names: grantRecordNames, run: () => grantRecord() },
  { label: 'recommendations', names: recommendationsNames, run: () => recommendationsBench() },
  { label: 'caller match', names: callerMatchNames, run: () => callerMatchBench() },
  { label: 'call pop', names: callPopNames, run: () => callPop() },
  { label: 'resolution log', names: logNames, run: () => logBench() },
  { label: 'customer context', names: customerContextNames, run: () => customerContextBench() },
  { label: 'qa console', names: qaNames, run: () => qaBench() },
  {
    label: 'soak',
    names: soakNames,
    needs: ['ws echo'],
    run: (done) => soakBench({ p50: need(done, 'ws_echo_p50_ms'), p99: need(done, 'ws_echo_p99_ms') }),
  },
  { label: 'ingest', names: ingestNames, run: () => ingestBench() },
  { label: 'scale-out', names: scaleNames, run: () => scaleBench() },
  { label: 'demo first panel', names: demoFirstPanelNames, run: () => demoFirstPanel() },
];

function selected(prefixes: string[]): Bench[] {
  const picked = new Set(BENCHES.filter((b) => prefixes.length === 0 || b.names.some((n) => prefixes.some((p) => n.startsWith(p)))));
  if (picked.size === 0)
    throw new Error(`no figure starts with ${prefixes.join(', ')}; known: ${BENCHES.flatMap((b) => b.names).join(', ')}`);
  for (const b of [...picked]) for (const label of b.needs ?? []) picked.add(BENCHES.find((x) => x.label === label)!);
  return BENCHES.filter((b) => picked.has(b)); // in declaration order, so needs run first
}

const fmt = (v: number | null) => (v === null ? '—' : String(round(v, Math.abs(v) >= 100 ? 0 : 3)));

function printTable(figures: Figure[]) {
  const rows = [
    ['name', 'value', 'unit', 'floor', 'ratio'],
    ...figures.map((f) => [f.name, fmt(f.value), f.unit, fmt(f.floor), fmt(f.ratio)]),
  ];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) => r.map((c, i) => (i === 0 || i === 2 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  console.log(line(rows[0]!));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows.slice(1)) console.log(line(r));
}

async function main() {
  const benches = selected(process.argv.slice(2).filter((a) => a !== '--'));
  const done = new Map<string, Figure>();
  const failed: string[] = [];
  for (const b of benches) {
    const t = performance.now();
    console.error(`▶ ${b.label}`);
    try {
      for (const f of await b.run(done)) done.set(f.name, f);
      console.error(`  done in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    } catch (e) {
      failed.push(b.label);
      console.error(`  FAILED: ${e instanceof Error ? (e.stack ?? e.message) : e}`);
    }
  }
  const figures = [...done.values()].map((f) => ({
    ...f,
    value: round(f.value),
    floor: f.floor === null ? null : round(f.floor),
    ratio: f.ratio === null ? null : round(f.ratio),
  }));
  printTable(figures);
  writeFileSync(resolve(import.meta.dirname, '../bench-results.json'), `${JSON.stringify({ figures }, null, 2)}\n`);
  if (failed.length) {
    console.error(`failed: ${failed.join(', ')}`);
    process.exitCode = 1;
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exitCode = 2;
});
