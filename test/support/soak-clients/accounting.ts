/**
 * The soak client's accounting after the load: every stored event reached each agent watching its
 * customer once and nobody else, every exception was raised, decided and told once.
 */
import { deliveries, exceptions, note, run, stored, unaccounted } from './state';

export function account() {
  const gone = (line: string) => note(unaccounted, line);
  for (const [eventId, { customer }] of stored) {
    const got = deliveries.get(eventId) ?? new Map<number, number>();
    for (const a of run.watchers[customer]!) {
      const times = got.get(a) ?? 0;
      if (times !== 1) gone(`event ${eventId} reached agent ${a} (watching its customer) ${times} times`);
    }
    for (const [a] of got)
      if (run.plan.agents[a]!.customer !== customer) gone(`event ${eventId} reached agent ${a}, who watches another customer`);
  }
  for (const [eventId] of deliveries)
    if (!stored.has(eventId)) gone(`event ${eventId} was pushed but no webhook was answered "stored" for it`);

  const eventsOf = run.plan.customers.map(() => 0);
  for (const { customer, counted } of stored.values()) if (counted) eventsOf[customer]!++;
  run.plan.agents.forEach((a, i) => {
    if (run.signalsPerAgent[i] !== eventsOf[a.customer])
      gone(
        `agent ${i} received ${run.signalsPerAgent[i]} signal updates for ${eventsOf[a.customer]} events of its customer that signals count`,
      );
  });

  for (const [id, t] of exceptions) {
    if (t.agent === undefined) {
      gone(`exception ${id} reached clients but no agent's request was answered with it`);
      continue;
    }
    const raisedToLead = t.raised.get(t.lead!) ?? 0;
    if (raisedToLead !== 1) gone(`exception ${id} was raised to its team lead ${raisedToLead} times`);
    for (const [k] of t.raised) if (k !== t.lead) gone(`exception ${id} was raised to supervisor ${k} of another team`);
    if (t.decideAcks !== 1) gone(`exception ${id} was decided ${t.decideAcks} times`);
    const mine = t.agentUpdates.filter((u) => u.agent === t.agent);
    if (mine.length !== 1 || mine[0]!.status !== t.decided)
      gone(`exception ${id}: its agent saw ${JSON.stringify(mine.map((u) => u.status))}, decided ${t.decided}`);
    if (mine.length !== t.agentUpdates.length) gone(`exception ${id}: other agents were told of it`);
    if (t.supervisorUpdates.length !== 1 || t.supervisorUpdates[0] !== t.lead)
      gone(`exception ${id}: supervisors told of the decision: ${JSON.stringify(t.supervisorUpdates)}, expected its lead ${t.lead}`);
  }
}
