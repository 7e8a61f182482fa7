/** The steps `npm start` prints are the README's, word for word: a change to one without the other fails here. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { README_PLACES, nextStepsMarkdown, nextStepsPlain } from './next-steps';

const readme = readFileSync(resolve(import.meta.dirname, '../../../README.md'), 'utf8');

describe('next steps', () => {
  it('are the numbered steps of the README\'s "Two commands", in order', () => {
    const section = readme.slice(readme.indexOf('## Two commands'), readme.indexOf('## Other commands'));
    const numbered = section.split('\n').filter((line) => /^\d+\. /.test(line));
    expect(numbered).toEqual(nextStepsMarkdown(README_PLACES));
  });

  it('print plain, with the real address and folder in every place the README names its defaults', () => {
    const plain = nextStepsPlain({
      address: 'http://127.0.0.1:4100',
      extensionDir: '/home/me/leeway/.output/chrome-mv3',
      demoDeskUrl: 'http://127.0.0.1:4100/demo/desk/tickets/101',
    }).join('\n');
    expect(plain).not.toMatch(/[`*]/);
    expect(plain).not.toContain('4000');
    expect(plain).toContain('Load unpacked → /home/me/leeway/.output/chrome-mv3.');
    expect(plain).toContain('with server http://127.0.0.1:4100 filled in. Sign in as agent@acme.test / leeway-demo.');
    expect(plain).toContain('5. Open the demo desk: http://127.0.0.1:4100/demo/desk/tickets/101.');
    expect(plain).toContain('LEEWAY_URL=http://127.0.0.1:4100 npm run send-event -- payment.failed dana.whitfield@example.com');
  });
});
