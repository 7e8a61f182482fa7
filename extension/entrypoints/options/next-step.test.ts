import { describe, expect, it } from 'vitest';
import { Role } from '@shared/schemas/common';
import { nextStep } from './next-step';

describe("the options page's next step for each role", () => {
  it('sends agents to a ticket, leads to the side panel, auditors and admins to the console', () => {
    expect(nextStep('agent')).toEqual({
      text: expect.stringMatching(/^Open a ticket in your helpdesk \(or the demo desk\)/),
      actions: [{ kind: 'demo-desk', label: 'Open the demo desk' }],
    });
    expect(nextStep('supervisor')).toEqual({
      text: expect.stringMatching(/^Open the side panel and tick On duty.*suggested offers/),
      actions: [
        { kind: 'side-panel', label: 'Open the side panel' },
        { kind: 'console', label: 'Open the console' },
      ],
    });
    expect(nextStep('auditor')).toEqual({
      text: expect.stringMatching(/^Open the QA console/),
      actions: [{ kind: 'console', label: 'Open the QA console' }],
    });
    expect(nextStep('admin')).toEqual({
      text: expect.stringMatching(/^Open the console: People .*helpdesk hosts/),
      actions: [{ kind: 'console', label: 'Open the console' }],
    });
  });

  it('has a step, with at least one button, for every role the server knows', () => {
    for (const role of Role.options) {
      expect(nextStep(role).text).toMatch(/^Open /);
      expect(nextStep(role).actions.length).toBeGreaterThan(0);
    }
  });
});
