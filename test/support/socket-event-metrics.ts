/** One socket event as a server process's `/metrics` counts it: answers that went well, and their total time (s). */
export async function socketEventMetrics(serverUrl: string, event: string): Promise<{ count: number; sum: number }> {
  const text = await (await fetch(`${serverUrl}/metrics`)).text();
  const read = (what: 'count' | 'sum') => {
    const line = text.split('\n').find((l) => l.startsWith(`leeway_socket_event_duration_seconds_${what}{event="${event}",outcome="ok"} `));
    return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : 0;
  };
  return { count: read('count'), sum: read('sum') };
}
