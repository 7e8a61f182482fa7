// @vitest-environment happy-dom
import { h, render } from 'preact';
import { useRef } from 'preact/hooks';
import { act } from 'preact/test-utils';
import { expect, it } from 'vitest';
import { useFocusInList } from './focus-in-list';

function Queue({ ids }: { ids: string[] }) {
  const list = useRef<HTMLElement>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  useFocusInList(list, 'article', heading, ids);
  return h('section', { ref: list }, [
    h('h2', { ref: heading, tabIndex: -1 }, 'Waiting'),
    ...ids.map((id) => h('article', { key: id, id, tabIndex: -1 }, h('button', { type: 'button' }, `Approve ${id}`))),
  ]);
}

it('moves the focus to the request now in the place of the one that left with it, then to the heading', async () => {
  const root = document.createElement('div');
  document.body.append(root);
  await act(() => render(h(Queue, { ids: ['a', 'b', 'c'] }), root));
  root.querySelector<HTMLButtonElement>('#b button')!.focus();

  await act(() => render(h(Queue, { ids: ['a', 'c'] }), root)); // b decided
  expect(document.activeElement?.id).toBe('c');
  await act(() => render(h(Queue, { ids: ['a'] }), root)); // c, the last, decided elsewhere
  expect(document.activeElement?.id).toBe('a');
  await act(() => render(h(Queue, { ids: [] }), root));
  expect(document.activeElement?.tagName).toBe('H2');
});

it('leaves the focus alone when it is elsewhere', async () => {
  const root = document.createElement('div');
  const outside = document.createElement('input');
  document.body.append(root, outside);
  await act(() => render(h(Queue, { ids: ['a', 'b'] }), root));
  root.querySelector<HTMLButtonElement>('#a button')!.focus();
  outside.focus();
  await act(() => render(h(Queue, { ids: ['b'] }), root));
  expect(document.activeElement).toBe(outside);
});
