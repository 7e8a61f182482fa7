/**
 * Patterns both sides need, kept free of zod so the content script can use them
 * without bundling a validator. The zod schemas are built on these same patterns.
 */
export const EMAIL_PATTERN = /^(?!\.)(?!.*\.\.)([A-Za-z0-9_'+\-.]*)[A-Za-z0-9_+-]@([A-Za-z0-9][A-Za-z0-9-]*\.)+[A-Za-z]{2,}$/;
export const PHONE_E164_PATTERN = /^\+[1-9]\d{6,14}$/;
