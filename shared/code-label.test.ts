import { describe, expect, it } from 'vitest';
import { codeLabel, currencySymbol } from './code-label';

describe('codeLabel', () => {
  it('reads a code as words, first letter capital', () => {
    expect(codeLabel('billing_error')).toBe('Billing error');
    expect(codeLabel('late_delivery')).toBe('Late delivery');
    expect(codeLabel('account_credit')).toBe('Account credit');
    expect(codeLabel('damaged')).toBe('Damaged');
  });

  it('keeps known spellings', () => {
    expect(codeLabel('not_as_described')).toBe('Not as described');
    expect(codeLabel('nps')).toBe('NPS');
  });

  it('never returns nothing', () => {
    expect(codeLabel('_')).toBe('_');
  });
});

describe('currencySymbol', () => {
  it('is the symbol money is shown with', () => {
    expect(currencySymbol('USD')).toBe('$');
    expect(currencySymbol('EUR')).toBe('€');
  });
});
