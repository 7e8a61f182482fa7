// @vitest-environment happy-dom
import { h, render } from 'preact';
import { act } from 'preact/test-utils';
import { expect, it } from 'vitest';
import type { ExceptionView } from '@shared/schemas/exceptions';
import { DecideForm } from './DecideForm';
import type { Hub } from './hub';

/** Only what the form reads of a request. */
const request = { id: 'ex-1', action: 'refund', currency: 'USD' } as ExceptionView;

it('keeps the pressed button focused and focusable while the decision is on its way, and sends it once', async () => {
  let sent = 0;
  // A decision that never answers: the form stays "on its way".
  const hub = { call: () => (sent++, new Promise(() => {})) } as unknown as Hub;
  const root = document.createElement('div');
  document.body.append(root);
  render(h(DecideForm, { exception: request, hub }), root);
  const approve = [...root.querySelectorAll('button')].find((b) => b.textContent?.trim() === 'Approve')!;
  approve.focus();
  await act(() => approve.click());

  // A disabled button under the keyboard's focus loses its ring, and the focus with it.
  expect(approve.disabled).toBe(false);
  expect(approve.getAttribute('aria-disabled')).toBe('true');
  expect(document.activeElement).toBe(approve);
  // Pressed again (a double click, Enter held down): still one decision.
  await act(() => approve.click());
  expect(sent).toBe(1);
});
