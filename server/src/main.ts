/** The process: configuration, the app, demo data when asked, listen, drain and close on SIGTERM/SIGINT. */
import { resolve } from 'node:path';
import { buildApp } from './app';
import { ConfigError, loadConfig, type Config } from './config';
import { exitOnOpenError } from './db/errors';
import { wantsDemoHistory } from './demo/history';
import { seedDemo } from './demo/seed';
import { shutdown } from './lifecycle/shutdown';
import { demoDeskUrl } from './routes/demo-desk';
import { logStream } from './start/log-stream';
import { nextStepsPlain } from './start/next-steps';

// Until it listens: a database that cannot be opened (missing or read-only directory, full disk) is one line, not a stack trace.
process.once('uncaughtException', exitOnOpenError);
const demo = process.argv.includes('--demo');
let config: Config;
try {
  config = loadConfig(demo ? { LEEWAY_DEMO: '1', ...process.env } : process.env);
} catch (error) {
  // A setting to fix (a weak secret, --demo in production): its sentence alone, not a stack trace.
  if (!(error instanceof ConfigError)) throw error;
  console.error(error.message);
  process.exit(1);
}
// The demo's terminal is for its next steps: request lines hidden (warnings and errors still shown) unless a level is set.
const logLevel = config.demo && !process.env.LEEWAY_LOG_LEVEL ? 'warn' : config.logLevel;
const stream = await logStream(process.env);
const app = await buildApp({ ...config, logLevel }, stream ? { logStream: stream } : {});

if (config.demo) {
  // One transaction under one lock: processes starting together seed once, and a crash mid-seed leaves none of it.
  const seeded = await app.db.tx(() => seedDemo(app.repos, Date.now(), wantsDemoHistory()), { lock: 'demo-seed' });
  if (seeded) app.log.info({ tenant: seeded.tenantSlug }, 'demo tenant created');
}

// The first SIGTERM or SIGINT drains; any second signal, of either kind, stops at once.
let draining = false;
const onSignal = (signal: NodeJS.Signals) => {
  if (draining) {
    app.log.warn({ signal }, 'second signal while draining: stopping now');
    process.exit(1);
  }
  draining = true;
  void shutdown(app, { signal, graceMs: config.shutdownGraceMs }).then((code) => process.exit(code));
};
process.on('SIGTERM', onSignal);
process.on('SIGINT', onSignal);

const address = await app.listen({ host: config.host, port: config.port });
process.off('uncaughtException', exitOnOpenError);
// Tests and scripts read this line to find the port.
console.log(`Leeway server listening on ${address}`);
if (config.demo) {
  const key = await app.repos.tenants.ingestKey('acme-demo');
  // The extension reaches a server listening on every interface through this machine's loopback.
  const reachable = address.replace(/\/\/(0\.0\.0\.0|\[::\])(?=:)/, '//127.0.0.1');
  const steps = nextStepsPlain({
    address: reachable,
    extensionDir: resolve(process.env.LEEWAY_EXT_OUT ?? '.output', 'chrome-mv3'),
    demoDeskUrl: demoDeskUrl(reachable),
  });
  console.log(
    [
      '',
      `Demo tenant "Acme" on ${app.db.where}${key ? ' (ingest key acme-demo; npm run send-event opens its sealed secret)' : ''}.`,
      'Next steps (as in the README, "Two commands"):',
      ...steps,
      '',
    ].join('\n'),
  );
}
