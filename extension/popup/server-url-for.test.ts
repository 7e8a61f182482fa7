import { describe, expect, it } from 'vitest';
import { DEFAULT_SERVER_URL, ServerUrlError, serverUrlFor } from './server-url-for';

describe('the server URL an extension build is made for', () => {
  it("is the server's own default when nothing is set", () => {
    expect(serverUrlFor({ host: '127.0.0.1', port: 4000 })).toBe(DEFAULT_SERVER_URL);
    expect(DEFAULT_SERVER_URL).toBe('http://127.0.0.1:4000');
  });

  it('follows LEEWAY_HOST and LEEWAY_PORT as the server listens on them', () => {
    expect(serverUrlFor({ host: '127.0.0.1', port: 5123 })).toBe('http://127.0.0.1:5123');
    expect(serverUrlFor({ host: 'leeway.internal', port: 80 })).toBe('http://leeway.internal:80');
    // Every interface: reached on the loopback.
    expect(serverUrlFor({ host: '0.0.0.0', port: 4000 })).toBe('http://127.0.0.1:4000');
    expect(serverUrlFor({ host: '::', port: 4000 })).toBe('http://[::1]:4000');
    expect(serverUrlFor({ host: 'fe80::1', port: 4000 })).toBe('http://[fe80::1]:4000');
  });

  it('takes LEEWAY_URL over host and port, without a trailing slash', () => {
    expect(serverUrlFor({ url: 'https://leeway.example.com/', host: '0.0.0.0', port: 4000 })).toBe('https://leeway.example.com');
    expect(serverUrlFor({ url: ' https://example.com/leeway/ ', host: '127.0.0.1', port: 4000 })).toBe('https://example.com/leeway');
    expect(serverUrlFor({ url: '', host: '127.0.0.1', port: 4001 })).toBe('http://127.0.0.1:4001');
  });

  it('refuses, in a sentence naming the variable, what no browser could reach', () => {
    expect(() => serverUrlFor({ host: '127.0.0.1', port: 0 })).toThrow(/LEEWAY_PORT=0 .*set LEEWAY_URL/);
    expect(() => serverUrlFor({ url: 'leeway:4000', host: '127.0.0.1', port: 4000 })).toThrow(ServerUrlError);
    expect(() => serverUrlFor({ url: 'not a url', host: '127.0.0.1', port: 4000 })).toThrow(/^LEEWAY_URL must be/);
    expect(() => serverUrlFor({ url: 'https://user:pw@example.com', host: '127.0.0.1', port: 4000 })).toThrow(/without credentials/);
  });
});
