// @vitest-environment happy-dom
import { describe } from 'vitest';
import { fixtureReadingTests, urlTests } from '../../test/fixtures/_shared/adapter-tests';
import { zohodeskFixture } from '../../test/fixtures/zohodesk/routes';
import { zohodesk } from './zohodesk';

describe('zohodesk.ticketIdFromUrl', () =>
  urlTests(
    zohodesk,
    [
      ['https://desk.zoho.com/agent/acme/support/tickets/details/7000000012345', '7000000012345'],
      ['https://desk.zoho.eu/agent/acme/billing/tickets/details/7000000012346/conversation', '7000000012346'],
      ['https://desk.zoho.com.au/agent/acme/support/tickets/details/1', '1'],
    ],
    [
      'https://desk.zoho.com/agent/acme/support/tickets/list/all',
      'https://desk.zoho.com/support/acme/ShowHomePage.do',
      'https://desk.zoho.evil.example/agent/a/b/tickets/details/1',
    ],
  ));

describe('zohodesk.readRequester', () =>
  fixtureReadingTests(zohodesk, zohodeskFixture, {
    proof: 'changed',
    a: { email: 'dana.whitfield@example.com', name: 'Dana Whitfield' },
    b: { email: 'marco.rossi@example.com', name: 'Marco Rossi' },
  }));
