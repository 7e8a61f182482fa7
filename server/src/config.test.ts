import { describe, expect, it } from 'vitest';
import { loadConfig } from './config';
import { allowedOrigin } from './plugins/external/cors';

describe('loadConfig', () => {
  it('refuses to start in production without a signing secret', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', LEEWAY_DB_FILE: ':memory:' })).toThrow('LEEWAY_JWT_SECRET is required in production');
  });
  it('names a bad setting', () => {
    expect(() => loadConfig({ LEEWAY_PORT: 'eighty', LEEWAY_DB_FILE: ':memory:' })).toThrow(/LEEWAY_PORT/);
    expect(() => loadConfig({ LEEWAY_JWT_SECRET: 'short', LEEWAY_DB_FILE: ':memory:' })).toThrow('LEEWAY_JWT_SECRET: must be at least 32 characters');
  });
});

describe('allowedOrigin', () => {
  const dev = { production: false, extensionIds: [], allowedOrigins: ['https://console.example.com'] };
  const prod = { production: true, extensionIds: ['abcdefghijklmnop'], allowedOrigins: [] };
  it('admits the extension and configured consoles, nothing else', () => {
    expect(allowedOrigin(dev, 'chrome-extension://anyid')).toBe(true);
    expect(allowedOrigin(dev, 'https://console.example.com')).toBe(true);
    expect(allowedOrigin(dev, 'https://evil.example')).toBe(false);
    expect(allowedOrigin(prod, 'chrome-extension://abcdefghijklmnop')).toBe(true);
    expect(allowedOrigin(prod, 'chrome-extension://otherid')).toBe(false);
  });
});
