// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { queryAllDeep, queryDeep, waitForDeep } from './query-deep';

function nested() {
  document.body.innerHTML = '<x-outer></x-outer><p class="hit">light</p>';
  const outer = document.querySelector('x-outer')!.attachShadow({ mode: 'open' });
  outer.innerHTML = '<x-inner></x-inner><p class="hit">one deep</p>';
  const inner = outer.querySelector('x-inner')!.attachShadow({ mode: 'open' });
  inner.innerHTML = '<p class="hit" data-n="2">two deep</p>';
  return { outer, inner };
}

describe('queryDeep', () => {
  it('finds elements in the light DOM and in nested shadow roots, the start element’s own root included', () => {
    nested();
    expect(queryAllDeep(document, '.hit').map((e) => e.textContent)).toEqual(['light', 'one deep', 'two deep']);
    expect(queryDeep(document.querySelector('x-outer')!, '[data-n="2"]')?.textContent).toBe('two deep');
    expect(queryDeep(document, '.hit', (e) => e.textContent === 'one deep')?.textContent).toBe('one deep');
    expect(queryDeep(document, '.miss')).toBeNull();
  });

  it('waits for an element that appears inside a shadow root later, and gives up with null', async () => {
    const { inner } = nested();
    setTimeout(() => inner.append(Object.assign(document.createElement('b'), { className: 'late' })), 60);
    expect(await waitForDeep(document, '.late', { signal: new AbortController().signal })).not.toBeNull();
    expect(await waitForDeep(document, '.never', { signal: new AbortController().signal, timeoutMs: 120 })).toBeNull();
  });
});
