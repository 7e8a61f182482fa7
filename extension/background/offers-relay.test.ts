/**
 * Suggested offers the server pushes for one interaction reach the panel that has that
 * interaction open, and no other: not another tab showing the same customer under its own
 * interaction (its agent's suggestions are computed for it), nor a ticket opened since.
 */
import { describe, expect, it } from 'vitest';
import type { PanelRecommendations } from '@shared/schemas/recommendations';
import { hello, pairedTab, panelPort, read, reader, sessions, settle } from './panel-sessions.harness';

const offers = (interactionId: string): PanelRecommendations => ({
  interactionId,
  seq: 7,
  offersVersion: 1,
  policyVersion: 1,
  usage: null,
  recommendations: [],
});

describe('suggested offers pushed', () => {
  it('go to the panel whose interaction they were computed for, under its ticket', async () => {
    const { p: first } = await pairedTab();
    // The same ticket and customer in a second tab: its own interaction (i2).
    const r2 = reader(8);
    r2.send(hello('n-second'));
    r2.send({ type: 'view', view: read() });
    const second = panelPort(8);
    second.send({ type: 'hello', nonce: 'n-second' });
    await settle();
    sessions.relayRecommendations(offers('i2'));
    expect(second.posted.filter((m) => m.type === 'recommendations')).toEqual([
      { type: 'recommendations', key: 'zendesk:101', offers: offers('i2') },
    ]);
    expect(first.posted.filter((m) => m.type === 'recommendations')).toEqual([]);
    // An interaction no panel has open (closed, or another browser's): nobody.
    sessions.relayRecommendations(offers('i9'));
    expect([...first.posted, ...second.posted].filter((m) => m.type === 'recommendations')).toHaveLength(1);
  });
});
