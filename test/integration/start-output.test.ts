/**
 * `npm start` (server/src/main.ts --demo) ends with the README's numbered steps, in plain text, with
 * the address it really listens on and the extension's real folder (issue 20).
 */
import { resolve } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { demoDeskUrl } from '../../server/src/routes/demo-desk';
import { nextStepsPlain } from '../../server/src/start/next-steps';
import { startServer, type ServerProcess } from '../support/server-process';

const ROOT = resolve(import.meta.dirname, '../..');
let server: ServerProcess;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.stop());

/** Output arrives in pieces: wait for the last step (the test's own timeout bounds it). */
async function outputUntil(text: string): Promise<string> {
  while (!server.output().includes(text)) await new Promise((r) => setTimeout(r, 50));
  return server.output();
}

it('prints the numbered next steps with its own address and folder, not inside log lines', async () => {
  const steps = nextStepsPlain({
    address: server.url,
    extensionDir: resolve(ROOT, process.env.LEEWAY_EXT_OUT ?? '.output', 'chrome-mv3'),
    demoDeskUrl: demoDeskUrl(server.url),
  });
  const out = await outputUntil(steps.at(-1)!);
  expect(out).toContain(`Leeway server listening on ${server.url}\n`);
  // Each step a line of its own, in order, with this server's port (never the README's default, unless it is 4000).
  expect(out).toContain(steps.join('\n'));
  expect(steps[1]).toContain(`with server ${server.url} filled in`);
  expect(steps[4]).toBe(`5. Open the demo desk: ${server.url}/demo/desk/tickets/101.`);
  expect(steps[6]).toContain(`LEEWAY_URL=${server.url} npm run send-event`);
  for (const line of steps) expect(line).not.toMatch(/^\{|[`*]/);
});
