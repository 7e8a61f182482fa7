import { describe, expect, it } from 'vitest';
import { answerWords } from './offer-answer';

describe('the answer to a suggested offer, as the panel words it', () => {
  it('says what this click recorded', () => {
    expect(answerWords({ accepted: true, earlier: null })).toBe('Customer accepted');
    expect(answerWords({ accepted: false, earlier: null })).toBe('Customer declined');
  });
  it('says what was already recorded, and from where, when the click came after it', () => {
    expect(answerWords({ accepted: true, earlier: 'resolution' })).toBe(
      'Already recorded: customer accepted, from the grant in your resolution',
    );
    expect(answerWords({ accepted: false, earlier: 'agent' })).toBe('Already recorded: customer declined');
  });
});
