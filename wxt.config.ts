import preact from '@preact/preset-vite';
import { defineConfig } from 'wxt';

// The extension lives in extension/; WXT reads its entrypoints from extension/entrypoints.
export default defineConfig({
  srcDir: 'extension',
  outDir: '.output',
  publicDir: 'extension/public',
  manifestVersion: 3,
  // Imports are explicit everywhere: a reader sees where each name comes from.
  imports: false,
  vite: () => ({ plugins: [preact()] }),
  manifest: ({ browser }) => ({
    name: 'Leeway',
    description: 'Customer context, empowerment boundaries and escalations, on top of your helpdesk.',
    // notifications: supervisors hear of a new request even with the side panel closed.
    // scripting: declarative adapters register the panel's content script at run time, on origins
    // the user allowed (optional host permissions, asked for one origin at a time from the options page).
    permissions: ['storage', 'notifications', 'scripting'],
    optional_host_permissions: ['https://*/*', 'http://*/*'],
    // The panel's styles, fetched into its shadow root on those run-time origins too.
    web_accessible_resources: [{ resources: ['content-scripts/panel.css'], matches: ['https://*/*', 'http://*/*'], use_dynamic_url: true }],
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
