// @vitest-environment happy-dom
import { describe } from 'vitest';
import { fixtureReadingTests, urlTests } from '../../test/fixtures/_shared/adapter-tests';
import { intercomFixture } from '../../test/fixtures/intercom/routes';
import { intercom } from './intercom';

describe('intercom.ticketIdFromUrl', () =>
  urlTests(
    intercom,
    [
      ['https://app.intercom.com/a/inbox/abc123de/inbox/shared/all/conversation/101', '101'],
      ['https://app.eu.intercom.com/a/inbox/abc123de/inbox/admin/5550001/conversation/102?view=List', '102'],
      ['https://app.au.intercom.com/a/inbox/abc123de/inbox/conversation/103', '103'],
    ],
    [
      'https://app.intercom.com/a/inbox/abc123de/inbox/shared/all',
      'https://app.intercom.com/a/apps/abc123de/users/42',
      'https://app.evil.com/a/inbox/abc/inbox/conversation/1',
      'https://app.chatwoot.com/app/accounts/1/conversations/101',
    ],
  ));

describe('intercom.readRequester', () =>
  fixtureReadingTests(intercom, intercomFixture, {
    proof: 'pane',
    a: { email: 'dana.whitfield@example.com', name: 'Dana Whitfield', helpdeskId: '5f0a00000000000000009001' },
    b: { email: 'marco.rossi@example.com', name: 'Marco Rossi', helpdeskId: '5f0a00000000000000009002' },
  }));
