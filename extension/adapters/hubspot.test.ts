// @vitest-environment happy-dom
import { describe } from 'vitest';
import { fixtureReadingTests, urlTests } from '../../test/fixtures/_shared/adapter-tests';
import { hubspotFixture } from '../../test/fixtures/hubspot/routes';
import { hubspot } from './hubspot';

describe('hubspot.ticketIdFromUrl', () =>
  urlTests(
    hubspot,
    [
      ['https://app.hubspot.com/help-desk/4410321/view/1234/ticket/101', '101'],
      ['https://app-eu1.hubspot.com/help-desk/4410321/view/search/ticket/102/thread/77?messageId=5', '102'],
    ],
    [
      'https://app.hubspot.com/help-desk/4410321/view/1234',
      'https://app.hubspot.com/contacts/4410321/record/0-1/9001',
      'https://www.hubspot.com/help-desk/1/view/2/ticket/3',
    ],
  ));

describe('hubspot.readRequester', () =>
  fixtureReadingTests(hubspot, hubspotFixture, {
    proof: 'pane',
    a: { email: 'dana.whitfield@example.com', name: 'Dana Whitfield', helpdeskId: '9001' },
    b: { email: 'marco.rossi@example.com', name: 'Marco Rossi', helpdeskId: '9002' },
  }));
