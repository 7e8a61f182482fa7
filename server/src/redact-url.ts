/** A database or Redis URL as it may be printed: its password hidden, in the user part and in libpq-style parameters. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    for (const key of ['password', 'sslpassword']) if (u.searchParams.has(key)) u.searchParams.set(key, '***');
    return u.toString();
  } catch {
    return '(an unparseable URL)';
  }
}
