/**
 * Valid examples for the fuzz tests, derived from the shared zod schemas through their JSON
 * Schema.
 */
import fc from 'fast-check';
import { z } from 'zod';
import { overTheWire } from './inputs';

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
