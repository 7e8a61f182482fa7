import { describe, expect, it } from 'vitest';
import { logStream } from './log-stream';

describe('the log stream', () => {
  it('is pino-pretty in development (NODE_ENV unset or development), JSON (none) in production and under test', async () => {
    expect(await logStream({})).toBeDefined();
    expect(await logStream({ NODE_ENV: 'development' })).toBeDefined();
    expect(await logStream({ NODE_ENV: 'production' })).toBeUndefined();
    expect(await logStream({ NODE_ENV: 'test' })).toBeUndefined();
  });
});
