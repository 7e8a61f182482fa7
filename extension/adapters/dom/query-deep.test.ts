// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { locateAll, queryAllDeep, queryDeep } from './query-deep';

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

  it('enters same-origin frames, also a frame inside a shadow root, and says where each match is', async () => {
    const { inner } = nested();
    inner.innerHTML = '<iframe srcdoc="<p class=hit>in a frame</p>"></iframe>';
    await new Promise((r) => setTimeout(r, 20));
    expect(locateAll(document, '.hit').map((m) => [m.el.textContent, m.depth])).toEqual([
      ['light', 'light'],
      ['one deep', 'shadow'],
      ['in a frame', 'frame'],
    ]);
  });

  it('opens closed roots through chrome.dom, asking it only about custom elements', () => {
    document.body.innerHTML = '<div><p>plain</p></div><lightning-card></lightning-card>';
    const closed = document.querySelector('lightning-card')!.attachShadow({ mode: 'closed' });
    closed.innerHTML = '<p class="hit">closed</p>';
    const asked: string[] = [];
    const g = globalThis as { chrome?: unknown };
    g.chrome = {
      dom: { openOrClosedShadowRoot: (el: Element) => (asked.push(el.localName), el.localName === 'lightning-card' ? closed : null) },
    };
    try {
      expect(queryAllDeep(document, '.hit').map((e) => e.textContent)).toEqual(['closed']);
      expect(asked).toEqual(['lightning-card']);
    } finally {
      delete g.chrome;
    }
  });

  it('treats a selector the browser rejects as no match', () => {
    nested();
    expect(queryAllDeep(document, 'a[')).toEqual([]);
  });
});
