// @vitest-environment happy-dom
import { h, render } from 'preact';
import { act } from 'preact/test-utils';
import { expect, it } from 'vitest';
import { useInFlight } from './in-flight';

it('keeps the pressed button enabled and focused while its work is on its way, and starts the work once', async () => {
  let started = 0;
  let finish = () => {};
  function Save() {
    const { busy, run, pending } = useInFlight();
    const work = () => new Promise<void>((r) => ((started += 1), (finish = r)));
    return h('button', { type: 'button', ...pending, onClick: () => void run(work) }, busy ? 'Saving…' : 'Save');
  }
  const root = document.createElement('div');
  document.body.append(root);
  render(h(Save, null), root);
  const button = root.querySelector('button')!;
  button.focus();

  await act(() => {
    button.click();
    button.click(); // a double click: both presses before any re-render
  });
  expect(started).toBe(1);
  expect(button.disabled).toBe(false);
  expect(button.getAttribute('aria-disabled')).toBe('true');
  expect(button.textContent).toBe('Saving…');
  expect(document.activeElement).toBe(button);

  await act(async () => finish());
  expect(button.hasAttribute('aria-disabled')).toBe(false);
  await act(() => button.click());
  expect(started).toBe(2);
});
