// @vitest-environment happy-dom
import { describe } from 'vitest';
import { fixtureReadingTests, urlTests } from '../../test/fixtures/_shared/adapter-tests';
import { servicenowFixture } from '../../test/fixtures/servicenow/routes';
import { servicenow } from './servicenow';

const A = '46d44a23a9fe19810012d100cca80666';
describe('servicenow.ticketIdFromUrl', () =>
  urlTests(
    servicenow,
    [
      [`https://acme.service-now.com/now/workspace/agent/record/incident/${A}`, A],
      [`https://acme.service-now.com/now/sow/record/sn_customerservice_case/${A}/params/x`, A],
      // A sub-record tab is the record on screen.
      [`https://acme.service-now.com/now/cwf/agent/record/incident/${'a'.repeat(32)}/sub/record/incident/${A}`, A],
    ],
    ['https://acme.service-now.com/now/sow/home', `https://acme.service-now.com/incident.do?sys_id=${A}`, `https://acme.service-now.com/now/workspace/agent/record/incident/${A.slice(1)}`],
  ));

// Two record tabs, forms two shadow roots deep; Marco's form has no email field.
describe('servicenow.readRequester', () =>
  fixtureReadingTests(
    servicenow,
    servicenowFixture,
    {
      a: { email: 'dana.whitfield@example.com', name: 'Dana Whitfield', helpdeskId: '6816f79cc0a8016401c5a33be04b9001' },
      b: { name: 'Marco Rossi', helpdeskId: '6816f79cc0a8016401c5a33be04b9002' },
    },
    { tabs: true },
  ));
