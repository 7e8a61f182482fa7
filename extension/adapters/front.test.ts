// @vitest-environment happy-dom
import { describe } from 'vitest';
import { fixtureReadingTests, urlTests } from '../../test/fixtures/_shared/adapter-tests';
import { frontFixture } from '../../test/fixtures/front/routes';
import { front } from './front';

describe('front.ticketIdFromUrl', () =>
  urlTests(
    front,
    [
      // The API id is the URL's base-10 number in base 36.
      ['https://app.frontapp.com/inboxes/teams/folders/7256583/unassigned/120537545061', `cnv_${(120537545061).toString(36)}`],
      ['https://app.frontapp.com/inboxes/shared/12345678/open/120537545062?search=x', `cnv_${(120537545062).toString(36)}`],
    ],
    [
      'https://app.frontapp.com/open/cnv_1abc2de',
      'https://app.frontapp.com/inboxes/teams/folders/7256583/unassigned',
      'https://frontapp.com.evil.example/a/120537545061',
    ],
  ));

describe('front.readRequester', () =>
  fixtureReadingTests(front, frontFixture, {
    proof: 'changed',
    a: { email: 'dana.whitfield@example.com', name: 'Dana Whitfield' },
    b: { email: 'marco.rossi@example.com', name: 'Marco Rossi' },
  }));
