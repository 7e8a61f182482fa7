/** The choices a resolution record offers; zod-free so the content script can list them. */
export const OUTCOMES = ['resolved', 'unresolved', 'transferred', 'escalated'] as const;
export const CATEGORIES = ['billing', 'delivery', 'product', 'account', 'technical', 'other'] as const;
