import { describe, expect, it } from 'vitest';
import { AUDIT_ACTIONS, type AuditEntry } from '@shared/schemas/audit';
import { auditSentence, roleWords } from './audit-words';
import { codeLabel } from '@shared/code-label';
import { codesInWords, plural } from './words';

const entry = (e: Partial<AuditEntry>): AuditEntry => ({
  id: 1,
  at: '2026-12-04T22:40:00.000Z',
  action: 'auth.sign-in',
  target: 'session:s1',
  targetName: null,
  detail: null,
  actor: { id: 'u1', name: 'Dana Agent', email: 'dana@acme.test', role: 'agent' },
  ...e,
});

describe('audit rows in words', () => {
  it('names the actor, the action and the person it was about', () => {
    expect(
      auditSentence(entry({ action: 'pii.reveal', target: 'customer:c1', targetName: 'Marco Rossi', detail: { field: 'phone' } })),
    ).toBe('Dana Agent revealed the phone number of Marco Rossi');
    expect(auditSentence(entry({ action: 'user.deactivate', target: 'user:u2', targetName: 'Sam Senior' }))).toBe(
      'Dana Agent deactivated Sam Senior',
    );
    expect(auditSentence(entry({ action: 'log.retention', target: 'log:retention', detail: { days: 180, pruned: 0 } }))).toBe(
      'Dana Agent set the log to keep entries for 180 days',
    );
    expect(auditSentence(entry({ action: 'policy.publish', target: 'policy:v3' }))).toBe('Dana Agent published policy version 3');
  });

  it('says when callers stop being confirmed by a platform, a loosened setting', () => {
    const change = (from: string[], to: string[]) =>
      auditSentence(entry({ action: 'calls.settings', target: 'settings:calls', detail: { confirmedBy: { from, to } } }));
    expect(change([], ['amazon-connect'])).toBe('Dana Agent took callers on Amazon Connect from its call events only');
    expect(change(['amazon-connect', 'twilio-flex'], ['twilio-flex'])).toBe(
      "Dana Agent stopped taking callers on Amazon Connect from its call events (the page's reading counts again)",
    );
  });

  it('says who when the target is gone or the actor is not a user, and words an unknown action', () => {
    expect(auditSentence(entry({ action: 'customer.erase', target: 'customer:c9' }))).toBe(
      'Dana Agent erased the personal data of an erased or merged customer',
    );
    expect(auditSentence(entry({ actor: { id: 'x', name: null, email: null, role: null }, action: 'auth.sign-out' }))).toBe(
      'Someone not signed in signed out',
    );
    expect(auditSentence(entry({ action: 'future.thing_done' }))).toBe('Dana Agent: Future thing done');
  });
});

describe('console words', () => {
  it('counts with the right plural and reads codes as words', () => {
    expect(plural(1, 'entry', 'entries')).toBe('1 entry');
    expect(plural(2, 'entry', 'entries')).toBe('2 entries');
    expect(plural(1, 'pick')).toBe('1 pick');
    expect(plural(0, 'pick')).toBe('0 picks');
    expect(codesInWords('exception: account_credit $35 beyond leeway')).toBe('exception: account credit $35 beyond leeway');
    expect(roleWords('auditor')).toBe('QA auditor');
  });

  it('has its own sentence for every action the server records (none falls back to the code in words)', () => {
    const fallback = AUDIT_ACTIONS.filter((action) => auditSentence(entry({ action })) === `Dana Agent: ${codeLabel(action)}`);
    expect(fallback).toEqual([]);
  });
});
