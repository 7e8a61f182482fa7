// @vitest-environment happy-dom
import { describe } from 'vitest';
import { fixtureReadingTests, urlTests } from '../../test/fixtures/_shared/adapter-tests';
import { helpscoutFixture } from '../../test/fixtures/helpscout/routes';
import { helpscout } from './helpscout';

describe('helpscout.ticketIdFromUrl', () =>
  urlTests(
    helpscout,
    [
      ['https://secure.helpscout.net/conversation/2199011258/891142?folderId=39835', '2199011258'],
      ['https://secure.helpscout.net/conversations/2199011259', '2199011259'],
    ],
    [
      'https://secure.helpscout.net/mailbox/39835/',
      'https://secure.helpscout.net/customer/12345',
      'https://help.acme.test/conversation/101',
    ],
  ));

describe('helpscout.readRequester', () =>
  fixtureReadingTests(helpscout, helpscoutFixture, {
    proof: 'pane',
    a: { email: 'dana.whitfield@example.com', name: 'Dana Whitfield', helpdeskId: '9001' },
    b: { email: 'marco.rossi@example.com', name: 'Marco Rossi', helpdeskId: '9002' },
  }));
