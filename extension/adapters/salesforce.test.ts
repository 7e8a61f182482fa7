// @vitest-environment happy-dom
import { describe } from 'vitest';
import { fixtureReadingTests, urlTests } from '../../test/fixtures/_shared/adapter-tests';
import { salesforceFixture } from '../../test/fixtures/salesforce/routes';
import { salesforce } from './salesforce';

describe('salesforce.ticketIdFromUrl', () =>
  urlTests(
    salesforce,
    [
      ['https://acme.lightning.force.com/lightning/r/Case/500Dn00000A1b2cIAB/view', '500Dn00000A1b2cIAB'],
      ['https://acme.lightning.force.com/lightning/r/Case/500Dn00000A1b2d/view', '500Dn00000A1b2d'],
      ['https://acme.my.salesforce.com/lightning/r/Case/500Dn00000A1b2cIAB/view?ws=x', '500Dn00000A1b2cIAB'],
    ],
    [
      'https://acme.lightning.force.com/lightning/r/Contact/003Dn00000X1y2zIAB/view',
      'https://acme.lightning.force.com/lightning/o/Case/list',
      'https://acme.lightning.force.com/lightning/r/Case/500Dn/view',
      'https://evil.example/lightning/r/Case/500Dn00000A1b2cIAB/view',
    ],
  ));

// The console keeps both Case tabs mounted; only the focused one may be read.
describe('salesforce.readRequester', () =>
  fixtureReadingTests(
    salesforce,
    salesforceFixture,
    {
      proof: 'pane',
      a: { email: 'dana.whitfield@example.com', name: 'Dana Whitfield' },
      b: { email: 'marco.rossi@example.com', name: 'Marco Rossi', phone: '+390612345678' },
    },
    { tabs: true },
  ));
