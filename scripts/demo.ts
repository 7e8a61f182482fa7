/**
 * `npm run demo`: the whole product in one command. Starts the demo server (or uses one that runs),
 * opens Chromium with the built extension twice — the agent on the demo desk with the panel, the
 * team lead with the side panel's queue, on duty — and either leaves them to the person or, with
 * --play or --headless, plays the loop itself, photographing each step into test-results/demo/.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { EXTENSION_DIR, findChromium } from './demo/chromium';
import { playLoop } from './demo/play';
import { DemoRefusal, type DemoServer, startDemoServer, useRunningServer } from './demo/server';
import { openDemoWindows, panelOf } from './demo/windows';

const USAGE = `Usage: npm run demo [-- OPTIONS]
  Opens two Chromium windows with the built extension: the agent on the demo desk (the panel on
  ticket 101) and the team lead's queue, on duty. Then try it yourself, or let it play.
Options:
  --play              play the loop itself: event, request, approval, resolution
  --headless          no windows (implies --play); for CI and machines without a display
  --browser PATH      the Chromium to use (default CHROMIUM_PATH, else /usr/bin/chromium)
  --server URL        use a demo server that already runs (npm start) instead of starting one
  --out DIR           where screenshots and demo-run.json go (default test-results/demo)
Environment: LEEWAY_PORT, LEEWAY_DB_FILE… as for npm start.`;

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      play: { type: 'boolean' },
      headless: { type: 'boolean' },
      browser: { type: 'string' },
      server: { type: 'string' },
      out: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return (say(USAGE), 0);
  const headless = values.headless ?? false;
  const play = headless || (values.play ?? false);
  const chromiumPath = findChromium(values.browser ?? process.env.CHROMIUM_PATH);
  if (!chromiumPath)
    throw new DemoRefusal(`No Chromium at ${values.browser ?? 'the usual places'}: install Debian’s chromium, or name one with --browser.`);
  if (!headless && process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    throw new DemoRefusal(
      'No display here to open windows on: run `npm run demo -- --headless`; its screenshots go to test-results/demo/.',
    );
  }
  const outDir = resolve(values.out ?? 'test-results/demo');
  mkdirSync(outDir, { recursive: true });

  const server: DemoServer = values.server ? await useRunningServer(values.server) : await startDemoServer(process.env);
  say(`Leeway demo server ready at ${server.url}. Opening the agent’s and the team lead’s browsers (${EXTENSION_DIR})…`);
  const windows = await openDemoWindows({ serverUrl: server.url, headed: !headless, chromiumPath }).catch(async (e) => {
    await server.stop();
    throw e;
  });
  const stop = async () => {
    await windows.close();
    await server.stop();
  };
  try {
    await panelOf(windows.desk).locator('[data-field="customer-name"]').getByText('Dana Whitfield').waitFor({ timeout: 30_000 });
    const firstPanelS = (Date.now() - server.readyAt) / 1000;
    say(`The panel showed Dana Whitfield on the demo desk ${firstPanelS.toFixed(1)} s after the server was ready.`);
    if (!play) {
      say(handsOn(server.url));
      await untilClosed(windows.agent.context, windows.lead.context);
      return 0;
    }
    const steps = await playLoop(windows, { serverUrl: server.url, readyAt: server.readyAt, outDir, env: process.env, say });
    writeFileSync(
      resolve(outDir, 'demo-run.json'),
      `${JSON.stringify({ serverUrl: server.url, demo_first_panel_s: firstPanelS, steps }, null, 2)}\n`,
    );
    say(`The loop played in ${steps.at(-1)!.atS.toFixed(1)} s; screenshots and demo-run.json are in ${outDir}.`);
    if (!headless) {
      // Windows someone is watching stay open to try it again by hand.
      say(handsOn(server.url));
      await untilClosed(windows.agent.context, windows.lead.context);
    }
    return 0;
  } finally {
    await stop();
  }
}

/** What to try by hand, in the two windows just opened. */
const handsOn = (url: string) =>
  [
    'Try it (Ctrl+C here closes both browsers and the server):',
    `1. Push a live event: LEEWAY_URL=${url} npm run send-event -- payment.failed dana.whitfield@example.com`,
    '2. In the agent’s window, type 150 in the panel’s amount box: above leeway, add a note and request approval.',
    '3. In the lead’s window, approve, deny or counter-offer it; the agent’s panel says what to tell the customer.',
    '4. Resolve… logs the resolution; the QA console (toolbar button → QA console, as auditor@acme.test) reviews it.',
  ].join('\n');

/** Until Ctrl+C, or the person closes either browser. */
function untilClosed(...contexts: { once(event: 'close', fn: () => void): unknown }[]): Promise<void> {
  return new Promise((res) => {
    process.once('SIGINT', res);
    process.once('SIGTERM', res);
    for (const c of contexts) c.once('close', res);
  });
}

function say(line: string) {
  process.stdout.write(`${line}\n`);
}

main().then(
  (code) => process.exit(code),
  (e) => {
    process.stderr.write(`${e instanceof DemoRefusal ? e.message : (e as Error).stack}\n`);
    process.exit(1);
  },
);
