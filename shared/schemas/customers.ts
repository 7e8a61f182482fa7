/**
 * Creating and updating a customer over REST (POST /v1/customers, PATCH /v1/customers/:id): the
 * same fields, formats and messages as a bulk import's row (./import.ts), as JSON.
 */
import { z } from 'zod';
import { Id } from './common';
import { CUSTOMER_FIELDS } from './import';

const unknownFields = (iss: { code?: string; keys?: string[] }) =>
  iss.code === 'unrecognized_keys'
    ? `unknown field ${(iss.keys ?? []).join(', ')}: the fields are ${Object.keys(CUSTOMER_FIELDS).join(', ')}`
    : undefined;

/** A new customer, or (with an externalId already known) the new state of that one. */
export const CustomerBody = z.strictObject(CUSTOMER_FIELDS, { error: unknownFields });
export type CustomerBody = z.infer<typeof CustomerBody>;

/** What changes: each field given replaces its value; an email, phone or externalId given is added to the customer's identities. */
export const CustomerPatch = z
  .strictObject(
    Object.fromEntries(Object.entries(CUSTOMER_FIELDS).map(([k, s]) => [k, s.optional()])) as {
      [K in keyof typeof CUSTOMER_FIELDS]: z.ZodOptional<(typeof CUSTOMER_FIELDS)[K]>;
    },
    { error: unknownFields },
  )
  .refine(
    (p) => Object.values(p).some((v) => v !== undefined),
    `must name at least one field to change: ${Object.keys(CUSTOMER_FIELDS).join(', ')}`,
  );
export type CustomerPatch = z.infer<typeof CustomerPatch>;

export const CustomerWritten = z.object({
  customerId: Id,
  /** False when POST found the externalId and updated that customer. */
  created: z.boolean(),
});
export type CustomerWritten = z.infer<typeof CustomerWritten>;
