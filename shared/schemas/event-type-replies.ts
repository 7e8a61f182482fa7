/** What /v1/event-types answers: a tenant's declared event types as stored. */
import { z } from 'zod';

export const EventTypeView = z.object({
  tenantId: z.string(),
  type: z.string(),
  label: z.string(),
  fields: z.array(z.object({ name: z.string(), kind: z.enum(['string', 'number', 'boolean', 'money']), required: z.boolean() })),
  alert: z.boolean(),
  createdBy: z.string(),
  createdAt: z.number(),
});
export type EventTypeView = z.infer<typeof EventTypeView>;
