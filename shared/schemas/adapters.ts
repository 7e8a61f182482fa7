/**
 * Declarative helpdesk adapters: what an admin defines on the server for a helpdesk Leeway has
 * no built-in adapter for, and what the extension turns into a HelpdeskAdapter at run time.
 * Validation happens here, once, for the server (which refuses a bad definition naming the
 * field and the reason) and the extension (which skips a definition it cannot use).
 */
import { z } from 'zod';
import { matchPatternProblem, REQUESTER_FIELDS, selectorProblem, ticketUrlProblem } from '../adapter-rules';

export { customHelpdeskId, REQUESTER_FIELDS, type RequesterField } from '../adapter-rules';

export const MatchPattern = z.string().max(300).superRefine((p, ctx) => {
  const problem = matchPatternProblem(p);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

export const TicketUrl = z.string().min(1, 'must not be empty').max(500).superRefine((s, ctx) => {
  const problem = ticketUrlProblem(s);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

export const CssSelector = z.string().max(300).superRefine((s, ctx) => {
  const problem = selectorProblem(s);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

export const AdapterSelectors = z
  .object({
    email: CssSelector.optional(),
    name: CssSelector.optional(),
    phone: CssSelector.optional(),
    requesterId: CssSelector.optional(),
    /** Where the requester fields are read: the active ticket's pane, when the app keeps several mounted. */
    activeScope: CssSelector.optional(),
  })
  .strict();
export type AdapterSelectors = z.infer<typeof AdapterSelectors>;

export const AdapterDefinition = z
  .object({
    name: z.string().trim().min(1, 'must not be empty').max(80, 'must be at most 80 characters'),
    matches: z.array(MatchPattern).min(1, 'must list at least one match pattern').max(10),
    ticketUrl: TicketUrl,
    selectors: AdapterSelectors.optional(),
  })
  .strict()
  .superRefine((d, ctx) => {
    const fromPage = REQUESTER_FIELDS.some((f) => d.selectors?.[f]);
    const fromUrl = REQUESTER_FIELDS.some((f) => d.ticketUrl.includes(`(?<${f}>`));
    if (!fromPage && !fromUrl) {
      ctx.addIssue({
        code: 'custom',
        path: ['selectors'],
        message: `must give at least one requester selector (${REQUESTER_FIELDS.join(', ')}), or ticketUrl must capture the requester in a named group like (?<email>…)`,
      });
    }
  });
export type AdapterDefinition = z.infer<typeof AdapterDefinition>;

/** A definition as the server keeps it. */
export const AdapterRecord = z.object({
  id: z.string(),
  definition: AdapterDefinition,
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type AdapterRecord = z.infer<typeof AdapterRecord>;

/** A declarative adapter's helpdesk id: `custom:<slug of the definition's name>`. */
export const CustomHelpdesk = z.string().regex(/^custom:[a-z0-9-]{1,60}$/, 'must be a built-in helpdesk or custom:<name>');

