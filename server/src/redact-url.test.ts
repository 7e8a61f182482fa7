import { describe, expect, it } from 'vitest';
import { redactUrl } from './redact-url';

describe('redactUrl', () => {
  it('hides a password in the user part and in libpq-style parameters, and keeps the rest', () => {
    expect(redactUrl('postgres://leeway:s3cret@db.internal:5432/leeway?password=p&sslpassword=q&sslmode=require')).toBe(
      'postgres://leeway:***@db.internal:5432/leeway?password=***&sslpassword=***&sslmode=require',
    );
    expect(redactUrl('postgres://leeway@db:5432/leeway')).toBe('postgres://leeway@db:5432/leeway');
    expect(redactUrl('redis://:hunter2@cache:6379/0')).toBe('redis://:***@cache:6379/0');
    expect(redactUrl('not a url')).toBe('(an unparseable URL)');
  });
});
