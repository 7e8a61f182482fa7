/** The process: configuration, the app, demo data when asked, listen, close gracefully. */
import { buildApp } from './app';
import { loadConfig } from './config';
import { seedDemo } from './demo/seed';

const demo = process.argv.includes('--demo');
const config = loadConfig(demo ? { LEEWAY_DEMO: '1', ...process.env } : process.env);
const app = await buildApp(config);

if (config.demo) {
  const seeded = await seedDemo(app.repos);
  if (seeded) app.log.info({ tenant: seeded.tenantSlug }, 'demo tenant created');
}

const close = async (signal: string) => {
  app.log.info({ signal }, 'closing');
  await app.close();
  process.exit(0);
};
process.once('SIGTERM', () => void close('SIGTERM'));
process.once('SIGINT', () => void close('SIGINT'));

const address = await app.listen({ host: config.host, port: config.port });
// Tests and scripts read this line to find the port.
console.log(`Leeway server listening on ${address}`);
if (config.demo) {
  const key = await app.repos.tenants.ingestKey('acme-demo');
  console.log(`
  Demo tenant "Acme" on ${config.dbFile}
  Load the extension: chrome://extensions → Developer mode → Load unpacked → ${process.cwd()}/.output/chrome-mv3
  Sign in (extension options): server ${address}, agent@acme.test / leeway-demo
    (also senior@, lead@, manager@, auditor@, admin@acme.test; same password)
  Supervisors decide requests in the side panel (sidepanel.html); auditors open console.html
  Push an event: LEEWAY_URL=${address} npm run send-event -- payment.failed dana.whitfield@example.com
  Ingest key id acme-demo${key ? ', secret in the database (ingest_keys)' : ''}
`);
}
