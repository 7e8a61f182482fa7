/** What a newly signed-in user does next, by role: the options page's one instruction and its buttons. */
import type { Role } from '@shared/schemas/common';

/** A button the step offers: the side panel, the QA console, or the demo server's helpdesk. */
export type StepAction = 'side-panel' | 'console' | 'demo-desk';

export interface NextStep {
  text: string;
  /** The buttons, each with its label. */
  actions: { kind: StepAction; label: string }[];
}

const STEPS: Record<Role, NextStep> = {
  agent: {
    text: 'Open a ticket in your helpdesk (or the demo desk): the Leeway panel shows its customer, and what you may grant alone.',
    actions: [{ kind: 'demo-desk', label: 'Open the demo desk' }],
  },
  supervisor: {
    text: "Open the side panel and tick On duty: agents' approval requests come to you there. The console shows how suggested offers fare.",
    actions: [
      { kind: 'side-panel', label: 'Open the side panel' },
      { kind: 'console', label: 'Open the console' },
    ],
  },
  auditor: {
    text: 'Open the QA console: its queue holds the resolutions to review.',
    actions: [{ kind: 'console', label: 'Open the QA console' }],
  },
  admin: {
    text: 'Open the console: People (invite your team and set roles), and list your helpdesk hosts below.',
    actions: [{ kind: 'console', label: 'Open the console' }],
  },
};

export const nextStep = (role: Role): NextStep => STEPS[role];
