/** A histogram's count and sum (s) as a server process's `/metrics` has them, on the line whose name starts with `prefix_count`/`prefix_sum`. */
async function histogram(serverUrl: string, line: (what: 'count' | 'sum') => string): Promise<{ count: number; sum: number }> {
  const text = await (await fetch(`${serverUrl}/metrics`)).text();
  const read = (what: 'count' | 'sum') => {
    const found = text.split('\n').find((l) => l.startsWith(line(what)));
    return found ? Number(found.slice(found.lastIndexOf(' ') + 1)) : 0;
  };
  return { count: read('count'), sum: read('sum') };
}

/** One socket event as a server process's `/metrics` counts it: answers that went well, and their total time (s). */
export const socketEventMetrics = (serverUrl: string, event: string) =>
  histogram(serverUrl, (what) => `leeway_socket_event_duration_seconds_${what}{event="${event}",outcome="ok"} `);

/** Suggested offers a server process computed and pushed unasked (services/panel-recommendations.ts): how many, and their total time (s). */
export const offerPushMetrics = (serverUrl: string) => histogram(serverUrl, (what) => `leeway_offer_push_duration_seconds_${what} `);
