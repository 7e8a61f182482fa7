import { resolve } from 'node:path';
import preact from '@preact/preset-vite';
import { defineConfig } from 'wxt';
import { serverUrlFor } from './extension/popup/server-url-for';
import { Env } from './server/src/env-schema';

/**
 * The server this build is made for: LEEWAY_URL, else where the server listens (LEEWAY_HOST,
 * LEEWAY_PORT, read with the server's own schema and defaults), so `LEEWAY_PORT=5000 npm start`
 * builds an extension whose first run points at port 5000. An address, never a secret: it ships in the build.
 */
const listen = Env.pick({ LEEWAY_HOST: true, LEEWAY_PORT: true }).safeParse(process.env);
if (!listen.success) {
  const issue = listen.error.issues[0]!;
  throw new Error(`${String(issue.path[0])} ${issue.message}: the extension is built for the server's address.`);
}
const serverUrl = serverUrlFor({ url: process.env.LEEWAY_URL, host: listen.data.LEEWAY_HOST, port: listen.data.LEEWAY_PORT });

/** This machine over plain http, any port: where a demo server serves its desk (server/src/routes/demo-desk.ts). */
const LOOPBACK_HTTP = ['http://127.0.0.1/*', 'http://localhost/*'];

// The extension lives in extension/; WXT reads its entrypoints from extension/entrypoints.
export default defineConfig({
  srcDir: 'extension',
  // LEEWAY_EXT_OUT: build elsewhere (e.g. a deliberately broken build for a guard check) without touching the shared .output.
  outDir: process.env.LEEWAY_EXT_OUT ?? '.output',
  publicDir: 'extension/public',
  manifestVersion: 3,
  // Imports are explicit everywhere: a reader sees where each name comes from.
  imports: false,
  // `@shared/…` instead of `../../../shared/…` chains; WXT writes it into .wxt/tsconfig.json, which
  // tsc, tsx (the server), vitest and dependency-cruiser all read.
  alias: { '@shared': resolve(import.meta.dirname, 'shared') },
  // import.meta.env.LEEWAY_SERVER_URL: the options page's prefill on first run (extension/popup/built-in-server.ts).
  vite: () => ({ plugins: [preact()], define: { 'import.meta.env.LEEWAY_SERVER_URL': JSON.stringify(serverUrl) } }),
  hooks: {
    // No content script runs from the manifest: the background registers the page reader
    // (extension/entrypoints/reader.content) at run time on each host the tenant pinned and the user
    // allowed (extension/background/pinned-hosts.ts). Whatever `matches` an entrypoint declares (the
    // built-in adapters' wildcard hosts) is knowledge of page structure, not a grant: drop the
    // manifest's content_scripts and the host permissions WXT derives from them, so installing
    // Leeway grants no site at all.
    'build:manifestGenerated': (_wxt, manifest) => {
      delete manifest.content_scripts;
      delete manifest.host_permissions;
    },
  },
  manifest: ({ browser }) => ({
    name: 'Leeway',
    description: 'Customer context, empowerment boundaries and escalations, on top of your helpdesk.',
    // notifications: supervisors hear of a new request even with the side panel closed.
    // scripting: the background registers the panel's content script at run time, on the tenant's
    // pinned helpdesk hosts the user allowed (optional host permissions, asked for one exact host at a
    // time from the options page: `https://<host>/*`). Which hosts exist is the tenant's, so the
    // optional pattern must admit any HTTPS host; nothing is granted until the user allows one. Plain
    // http on this machine only: a demo server's own desk (http://127.0.0.1:<port>/demo/desk/*, any port).
    permissions: ['storage', 'notifications', 'scripting'],
    optional_host_permissions: ['https://*/*', ...LOOPBACK_HTTP],
    // The panel's own page, shown in an iframe the content script mounts on the helpdesk page. Only
    // the frame's document must be web-accessible (its scripts and styles load from the extension
    // origin). use_dynamic_url: the URL carries a per-session id, so other sites cannot probe for it
    // at a guessable address. HTTPS only, like the hosts the content script runs on (and the demo desk on this machine).
    web_accessible_resources: [{ resources: ['panel.html'], matches: ['https://*/*', ...LOOPBACK_HTTP], use_dynamic_url: true }],
    // Show or hide the panel without the mouse; relayed by the background to the active tab.
    commands: {
      'toggle-panel': { suggested_key: { default: 'Alt+Shift+L' }, description: 'Show or hide the Leeway panel' },
    },
    // The server URL is configured at run time; the server's CORS admits the extension's origin,
    // so no host permission is needed for it.
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            gecko: {
              id: 'leeway@leeway.dev',
              // The panel reads the requester from the helpdesk page and sends it to your Leeway server.
              data_collection_permissions: { required: ['personallyIdentifyingInfo', 'websiteContent'] },
            },
          },
        }
      : {}),
  }),
});
