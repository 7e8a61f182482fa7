/** The process: configuration, the app, demo data when asked, listen, drain and close on SIGTERM/SIGINT. */
import { buildApp } from './app';
import { ConfigError, loadConfig, type Config } from './config';
import { exitOnOpenError } from './db/errors';
import { wantsDemoHistory } from './demo/history';
import { seedDemo } from './demo/seed';
import { shutdown } from './lifecycle/shutdown';

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
const app = await buildApp(config);

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
  console.log(`
  Demo tenant "Acme" on ${app.db.where}
  Load the extension: chrome://extensions → Developer mode → Load unpacked → ${process.cwd()}/.output/chrome-mv3
  Sign in (extension options): server ${address}, agent@acme.test / leeway-demo
    (also senior@, lead@, manager@, auditor@, admin@acme.test; same password)
  Then, in the options page under Helpdesk hosts, press "Allow on acme.zendesk.com" (Leeway runs
    only on the hosts your organisation lists; admin@acme.test edits the list there)
  Supervisors decide requests in the side panel (sidepanel.html); auditors open console.html
  Push an event: LEEWAY_URL=${address} npm run send-event -- payment.failed dana.whitfield@example.com
  Ingest key id acme-demo${key ? ', secret sealed in the database (ingest_keys; npm run send-event opens it)' : ''}
`);
}
