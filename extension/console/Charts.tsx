import { useMemo } from 'preact/hooks';
import uPlot from 'uplot';
import { get } from './api';
import { formatAxisDay } from './format';
import { Plot } from './Plot';
import type { Charts as Data } from '@shared/schemas/qa-insight-replies';
import { useLoad } from './useLoad';

const COLORS = ['#3b5bdb', '#2b8a3e', '#e8590c', '#862e9c', '#c2255c', '#0b7285'];
const secs = (week: string) => Date.parse(`${week}T00:00:00Z`) / 1000;
/** Time axes read "4 Dec", as every date in the console does (uPlot's default is "12/4"). */
const dayAxis: uPlot.Axis = { values: (_u, splits) => splits.map((s) => formatAxisDay(s * 1000)) };

/** Where people would rather look than read: quality over time, exceptions, surveys against quality, amounts against limits. */
export function Charts() {
  const { data, error } = useLoad(() => get<Data>('/v1/qa/charts'));
  const plots = useMemo(() => (data ? build(data) : null), [data]);
  if (error) return <p class="error">{error}</p>;
  if (!plots) return <p class="muted">Loading charts…</p>;
  return (
    <div class="charts">
      {plots.map((p) => (
        <figure class="card chart" key={p.title} data-chart={p.id}>
          <figcaption>{p.title}</figcaption>
          {p.empty ? <p class="muted">{p.empty}</p> : <Plot options={p.options} data={p.data} label={p.title} />}
        </figure>
      ))}
    </div>
  );
}

function build(d: Data & { from: string; to: string }) {
  // The period's own bounds: one week of data is not stretched over years.
  const span = [Date.parse(d.from) / 1000, Date.parse(d.to) / 1000] as uPlot.Range.MinMax;
  // Quality per team (a line each) and per agent (dashed), by week.
  const weeks = [...new Set(d.quality.map((q) => q.week))].sort();
  const teams = [...new Set(d.quality.map((q) => q.team))];
  const agents = [...new Set(d.quality.map((q) => q.agentName))];
  const avg = (rows: Data['quality']) =>
    rows.length ? rows.reduce((s, r) => s + r.quality * r.reviews, 0) / rows.reduce((s, r) => s + r.reviews, 0) : null;
  const quality = {
    id: 'quality',
    title: 'Quality score over time (per team, agents dashed)',
    empty: weeks.length
      ? null
      : 'No reviews in the last 8 weeks yet. Score resolutions from the Queue tab and quality appears here, week by week.',
    options: {
      scales: { x: { time: true, range: span }, y: { range: [0, 100] as uPlot.Range.MinMax } },
      axes: [dayAxis, {}],
      series: [
        {},
        ...teams.map((t, i) => ({ label: `team ${t}`, stroke: COLORS[i % COLORS.length], width: 2, points: { size: 7 } })),
        ...agents.map((a, i) => ({ label: a, stroke: COLORS[(i + teams.length) % COLORS.length], dash: [4, 4], points: { size: 5 } })),
      ],
    },
    data: [
      weeks.map(secs),
      ...teams.map((t) => weeks.map((w) => avg(d.quality.filter((q) => q.week === w && q.team === t)))),
      ...agents.map((a) => weeks.map((w) => avg(d.quality.filter((q) => q.week === w && q.agentName === a)))),
    ] as uPlot.AlignedData,
  };
  const ex = {
    id: 'exceptions',
    title: 'Exception rate and median approval latency',
    empty: d.exceptions.length
      ? null
      : 'No grants in the last 8 weeks. When agents grant refunds or credits from the panel, the share that needed approval shows here.',
    options: {
      scales: { x: { time: true, range: span }, rate: { range: [0, 100] as uPlot.Range.MinMax }, s: {} },
      axes: [
        dayAxis,
        { scale: 'rate', label: '% of grants by exception' },
        { scale: 's', side: 1, label: 'seconds', grid: { show: false } },
      ],
      series: [
        {},
        { label: 'exception rate %', scale: 'rate', stroke: '#e8590c', width: 2, points: { size: 7 } },
        { label: 'median approval s', scale: 's', stroke: '#3b5bdb', width: 2, points: { size: 7 } },
      ],
    },
    data: [
      d.exceptions.map((e) => secs(e.week)),
      d.exceptions.map((e) => e.exceptionRate * 100),
      d.exceptions.map((e) => e.medianApprovalSeconds),
    ] as uPlot.AlignedData,
  };
  const pts = [...d.surveyVsQuality].sort((a, b) => a.survey - b.survey);
  const survey = {
    id: 'survey',
    title: 'Survey score against quality score (each dot a reviewed resolution)',
    empty: pts.length
      ? null
      : 'No reviewed resolution has a survey answer yet. Surveys arrive through the ingest API; review resolutions that have one to fill this.',
    options: {
      scales: { x: { time: false, range: [0, 100] as uPlot.Range.MinMax }, y: { range: [0, 100] as uPlot.Range.MinMax } },
      axes: [{ label: 'survey %' }, { label: 'quality' }],
      series: [
        { label: 'survey %' },
        { label: 'quality', stroke: '#862e9c', paths: () => null, points: { show: true, size: 9, fill: '#862e9c' } },
      ],
    },
    data: [pts.map((p) => p.survey), pts.map((p) => p.quality)] as uPlot.AlignedData,
  };
  const bars = uPlot.paths.bars!({ size: [0.9, 40] });
  const hist = {
    id: 'limits',
    title: 'Grant amounts against their limit (boundary hugging shows as a spike before 100%)',
    empty: d.amountOverLimit.some((b) => b.grants)
      ? null
      : 'No grants with a limit in the last 8 weeks. Grants made from the panel appear here against the limit that applied.',
    options: {
      scales: { x: { time: false, range: [0, 106] as uPlot.Range.MinMax } },
      axes: [
        {
          label: '% of the limit (last bar: over it, by exception)',
          values: (_u: uPlot, ticks: number[]) => ticks.map((t) => (t > 100 ? '' : `${t}%`)),
        },
        { label: 'grants' },
      ],
      series: [
        { label: '% of limit' },
        { label: 'grants', fill: 'rgba(59, 91, 219, 0.55)', stroke: '#3b5bdb', paths: bars, points: { show: false } },
      ],
    },
    data: [d.amountOverLimit.map((b) => b.from + 2.5), d.amountOverLimit.map((b) => b.grants)] as uPlot.AlignedData,
  };
  return [quality, ex, survey, hist];
}
