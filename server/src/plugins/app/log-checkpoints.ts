import fp from 'fastify-plugin';
import { signDue } from '../../log/checkpointer';
import { createPublisher } from '../../log/publish';
import type { SigningKey } from '../../log/signing-key';

declare module 'fastify' {
  interface FastifyInstance {
    /** The public half of the checkpoint key: what an auditor checks signatures with. */
    checkpointKey: { keyId: string; publicKey: string };
  }
}

/**
 * Signs each tenant's log head when a checkpoint is due and publishes it (log/checkpointer.ts,
 * log/publish.ts). A sweep rather than work inside each append: appends stay fast, and with
 * several processes a checkpoint is stored (and published) once, by whoever signs it first.
 */
export default fp<{ intervalMs: number; key: SigningKey; file: string | null; witnessUrl: string | null }>(
  async (app, opts) => {
    app.decorate('checkpointKey', { keyId: opts.key.keyId, publicKey: opts.key.publicKeyBase64 });
    const publisher = createPublisher({ file: opts.file, witnessUrl: opts.witnessUrl, log: app.log });
    const sweep = async () => {
      const { signed, refused } = await signDue(app.repos.checkpoints, opts.key);
      for (const r of refused)
        app.log.error(
          { tenantId: r.tenantId },
          `the resolution log no longer extends its last signed checkpoint (${r.message}): no checkpoint signed`,
        );
      await publisher.publish(signed);
    };
    let running: Promise<void> | null = null;
    const timer = setInterval(() => {
      if (running) return;
      running = sweep()
        .catch((err) => app.log.error({ err }, 'log checkpoint sweep failed'))
        .finally(() => (running = null));
    }, opts.intervalMs);
    timer.unref();
    app.addHook('onClose', async () => {
      clearInterval(timer);
      await running;
      publisher.close();
    });
  },
  { name: 'log-checkpoints', dependencies: ['db'] },
);
