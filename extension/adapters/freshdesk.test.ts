// @vitest-environment happy-dom
import { describe } from 'vitest';
import { fixtureReadingTests, urlTests } from '../../test/fixtures/_shared/adapter-tests';
import { freshdeskFixture } from '../../test/fixtures/freshdesk/routes';
import { freshdesk } from './freshdesk';

describe('freshdesk.ticketIdFromUrl', () =>
  urlTests(
    freshdesk,
    [
      ['https://acme.freshdesk.com/a/tickets/101', '101'],
      ['https://acme.freshdesk.com/a/tickets/101/', '101'],
      ['https://acme.freshdesk.com/helpdesk/tickets/102?x=1', '102'],
    ],
    [
      'https://acme.freshdesk.com/a/tickets/filters/all',
      'https://acme.freshdesk.com/a/tickets/new',
      'https://acme.freshdesk.com/a/contacts/9001',
      'https://acme.zendesk.com/agent/tickets/101',
      'https://freshdesk.com.evil.example/a/tickets/1',
    ],
  ));

describe('freshdesk.readRequester', () =>
  fixtureReadingTests(freshdesk, freshdeskFixture, {
    proof: 'pane',
    a: { email: 'dana.whitfield@example.com', name: 'Dana Whitfield' },
    b: { email: 'marco.rossi@example.com', name: 'Marco Rossi', phone: '+390612345678' },
  }));
