import fp from 'fastify-plugin';
import { escalateDue } from '../../services/exceptions';

/**
 * Moves unanswered exception requests up when their SLA runs out. A sweep rather than one
 * timer per request: it survives restarts, and with several processes each move is a
 * conditional update, so a request moves once whoever sweeps it.
 */
export default fp<{ intervalMs: number }>(
  async (app, { intervalMs }) => {
    let running: Promise<void> | null = null;
    const timer = setInterval(() => {
      if (running) return;
      running = escalateDue(app)
        .catch((err) => app.log.error({ err }, 'exception SLA sweep failed'))
        .finally(() => (running = null));
    }, intervalMs);
    timer.unref();
    // A sweep under way finishes before the database closes.
    app.addHook('onClose', async () => {
      clearInterval(timer);
      await running;
    });
  },
  { name: 'exception-sla', dependencies: ['db', 'socket-io'] },
);
