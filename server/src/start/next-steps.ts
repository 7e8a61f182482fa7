/**
 * What `npm start` prints once the demo listens: the README's numbered steps ("Two commands"), word for
 * word, with this server's address and the extension's folder filled in. One list for both, so they
 * cannot drift apart: next-steps.test.ts compares them. Written as Markdown; the terminal gets it plain.
 */

/** The README's own values: what a default `npm start` prints. */
export const README_PLACES = {
  address: 'http://127.0.0.1:4000',
  extensionDir: '.output/chrome-mv3',
  demoDeskUrl: '<url printed by npm start>',
} as const;

export interface StepPlaces {
  /** The server as the extension reaches it: `http://127.0.0.1:4000`. */
  address: string;
  /** The built extension: `.output/chrome-mv3`, or its absolute path. */
  extensionDir: string;
  /** The demo desk's ticket page on this server (routes/demo-desk.ts). */
  demoDeskUrl: string;
}

/** The steps, numbered, as Markdown lines. */
export function nextStepsMarkdown({ address, extensionDir, demoDeskUrl }: StepPlaces): string[] {
  // The sender finds the server by LEEWAY_URL; the README's default needs none.
  const sendEnv = address === README_PLACES.address ? '' : `LEEWAY_URL=${address} `;
  const steps = [
    `Chrome → \`chrome://extensions\` → Developer mode → **Load unpacked** → \`${extensionDir}\`.`,
    `The extension's options page opens by itself, with server \`${address}\` filled in. Sign in as ` +
      '`agent@acme.test` / `leeway-demo`. Other demo users: `senior@acme.test` (a level-2 agent), `lead@acme.test` and ' +
      '`lead2@acme.test` (team leads of team billing), `manager@acme.test`, `director@acme.test`, `auditor@acme.test`, ' +
      '`admin@acme.test`, same password.',
    'The demo desk on this server needs nothing more. For your own Zendesk: under **Helpdesk hosts**, press **Allow on ' +
      'acme.zendesk.com** (or the host of your own Zendesk, once `admin@acme.test` has added it there): Leeway runs only on the ' +
      'hosts your organisation lists and you allowed.',
    'Supervisors first: in another Chrome profile, sign in as `lead@acme.test`, click the Leeway toolbar button → ' +
      '**Open the side panel**, and tick "On duty" (with no lead on duty, approvals go up to a director).',
    `Open the demo desk: \`${demoDeskUrl}\`.`,
    'Or, on your own Zendesk: open a ticket whose requester is a demo customer (`dana.whitfield@example.com`, ' +
      '`marco.rossi@example.com`, `priya@example.com`, `sam.okafor@example.com`).',
    `Push a live event as the billing system would: \`${sendEnv}npm run send-event -- payment.failed dana.whitfield@example.com\`.`,
    `Type an amount in the panel's "You may grant alone" box: it says at once whether it is within leeway, which ` +
      'level must approve, or why it is not allowed. Above leeway, add a note and request approval; the lead decides ' +
      'it in the side panel: approve, deny or counter-offer, with a note.',
  ];
  return steps.map((s, i) => `${i + 1}. ${s}`);
}

/** The same steps for a terminal: no Markdown marks. */
export function nextStepsPlain(places: StepPlaces): string[] {
  return nextStepsMarkdown(places).map((line) => line.replaceAll('**', '').replaceAll('`', ''));
}
