/**
 * The demo tenants' pinned helpdesk hosts: for acme, every host the test fixtures serve tickets
 * on (test/fixtures/<helpdesk>/routes.ts, test/support/helpdesks-stack.ts), the declarative
 * fixture's and the self-hosted ones' included; for globex, its own Zendesk account only.
 * A host missing here is refused by the server, as it would be in a real tenant.
 * Acme also pins its demo desk, the server's own address (`127.0.0.1:<port>`), known only once the
 * server listens: routes/demo-desk.ts adds it then (demo/desk/pin-host.ts).
 */
export const ACME_HELPDESK_HOSTS: readonly string[] = [
  'acme.zendesk.com',
  'acme.freshdesk.com',
  'acme.lightning.force.com',
  'app.intercom.com',
  'app.hubspot.com',
  'secure.helpscout.net',
  'app.frontapp.com',
  'desk.zoho.com',
  'acme.gorgias.com',
  'acme.service-now.com',
  'acme.kustomerapp.com',
  'app.chatwoot.com',
  'acme.zammad.com',
  // Contact-center desktops (test/fixtures/amazon-connect, test/fixtures/twilio-flex).
  'acme.my.connect.aws',
  'acme.awsapps.com',
  'flex.twilio.com',
  // Self-hosted FreeScout (test/fixtures/freescout) and the declarative adapter's helpdesk (test/fixtures/custom-helpdesk).
  'help.acme.test',
  'support.acme-helpdesk.test',
];

export const GLOBEX_HELPDESK_HOSTS: readonly string[] = ['globex.zendesk.com'];
