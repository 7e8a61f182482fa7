// @vitest-environment happy-dom
import { describe } from 'vitest';
import { fixtureReadingTests, urlTests } from '../../test/fixtures/_shared/adapter-tests';
import { gorgiasFixture } from '../../test/fixtures/gorgias/routes';
import { gorgias } from './gorgias';

describe('gorgias.ticketIdFromUrl', () =>
  urlTests(
    gorgias,
    [
      ['https://acme.gorgias.com/app/ticket/101', '101'],
      ['https://acme.gorgias.com/app/views/12/102', '102'],
      ['https://acme.gorgias.com/app/ticket/103/', '103'],
    ],
    [
      'https://acme.gorgias.com/app/customer/5001',
      'https://acme.gorgias.com/app/views/12',
      'https://acme.gorgias.com/app/ticket/101/print',
    ],
  ));

// Gorgias shows the customer as a breadcrumb; its id is what the server resolves.
describe('gorgias.readRequester', () =>
  fixtureReadingTests(gorgias, gorgiasFixture, {
    proof: 'changed',
    a: { name: 'Dana Whitfield', helpdeskId: '5001' },
    b: { name: 'Marco Rossi', helpdeskId: '5002' },
  }));
