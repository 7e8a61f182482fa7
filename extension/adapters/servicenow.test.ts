// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { FAST, fixtureReadingTests, isRead, setUrl, urlTests, watching } from '../../test/fixtures/_shared/adapter-tests';
import { servicenowFixture } from '../../test/fixtures/servicenow/routes';
import { servicenow } from './servicenow';
import { createRequesterWatcher, type RequesterWatch } from './watch-requester';

const A = '46d44a23a9fe19810012d100cca80666';
describe('servicenow.ticketIdFromUrl', () =>
  urlTests(
    servicenow,
    [
      [`https://acme.service-now.com/now/workspace/agent/record/incident/${A}`, A],
      [`https://acme.service-now.com/now/sow/record/sn_customerservice_case/${A}/params/x`, A],
      // A sub-record tab is the record on screen.
      [`https://acme.service-now.com/now/cwf/agent/record/incident/${'a'.repeat(32)}/sub/record/incident/${A}`, A],
      // A classic form in the Next Experience shell.
      [`https://acme.service-now.com/now/nav/ui/classic/params/target/incident.do%3Fsys_id%3D${A}%26sysparm_view%3D`, A],
    ],
    [
      'https://acme.service-now.com/now/sow/home',
      `https://acme.service-now.com/now/nav/ui/classic/params/target/incident_list.do%3Fsysparm_query%3Dsys_id%3D${A}`,
      `https://acme.service-now.com/incident.do?sys_id=${A}`,
      `https://acme.service-now.com/now/workspace/agent/record/incident/${A.slice(1)}`,
    ],
  ));

// Two record tabs, forms two shadow roots deep; Marco's form has no email field.
describe('servicenow.readRequester', () =>
  fixtureReadingTests(
    servicenow,
    servicenowFixture,
    {
      proof: 'pane',
      a: { email: 'dana.whitfield@example.com', name: 'Dana Whitfield', helpdeskId: '6816f79cc0a8016401c5a33be04b9001' },
      b: { name: 'Marco Rossi', helpdeskId: '6816f79cc0a8016401c5a33be04b9002' },
    },
    { tabs: true },
  ));

// The classic form: a same-origin #gsft_main iframe inside the shell's shadow root.
describe('servicenow classic form through the reading rule', () => {
  const form = (sysId: string, name: string, user: string) =>
    `<form name="incident.do"><input type="hidden" name="sys_uniqueValue" id="sys_uniqueValue" value="${sysId}"><input type="hidden" id="incident.caller_id" name="incident.caller_id" value="${user}"><input id="sys_display.incident.caller_id" name="sys_display.incident.caller_id" value="${name}"></form>`;
  it('reads the caller of this sys_id’s form, in a frame inside a shadow root, and not another record’s', async () => {
    const B = '46d44a23a9fe19810012d100cca80667';
    setUrl(`https://acme.service-now.com/now/nav/ui/classic/params/target/incident.do%3Fsys_id%3D${B}`);
    document.body.innerHTML = '<macroponent-shell></macroponent-shell>';
    const shadow = document.querySelector('macroponent-shell')!.attachShadow({ mode: 'open' });
    const frame = document.createElement('iframe');
    frame.id = 'gsft_main';
    frame.setAttribute('srcdoc', form(A, 'Dana Whitfield', '6816f79cc0a8016401c5a33be04b9001'));
    shadow.append(frame);
    const w = watching(createRequesterWatcher(servicenow, FAST), B);
    await new Promise((r) => setTimeout(r, 60));
    expect(w.reads(), 'read another record’s form').toEqual([]);
    frame.setAttribute('srcdoc', form(B, 'Marco Rossi', '6816f79cc0a8016401c5a33be04b9002'));
    const read = (await w.until(isRead)) as Extract<RequesterWatch, { state: 'read' }>;
    expect(read.rule).toBe('pane');
    expect(read.reading.requester).toEqual({ name: 'Marco Rossi', helpdeskId: '6816f79cc0a8016401c5a33be04b9002' });
    w.stop();
  });
});
