/**
 * Declarative helpdesk adapters: what an admin defines on the server for a helpdesk Leeway has
 * no built-in adapter for, and what the extension turns into a HelpdeskAdapter at run time.
 * Validation happens here, once, for the server (which refuses a bad definition naming the
 * field and the reason) and the extension (which skips a definition it cannot use).
 * The checks that need a library (safe-regex2) live here, not in shared/adapter-rules.ts, so the
 * content script, which loads on every helpdesk page, never carries them.
 */
import safeRegex from 'safe-regex2';
import { z } from 'zod';
import { matchPatternProblem, REQUESTER_FIELDS, selectorChainProblem, ticketUrlProblem } from '../adapter-rules';

export { customHelpdeskId, REQUESTER_FIELDS, type RequesterField } from '../adapter-rules';

/** Exact hosts only (no *.domain), no query or hash route: see matchPatternProblem. */
export const MatchPattern = z
  .string()
  .max(300)
  .superRefine((p, ctx) => {
    const problem = matchPatternProblem(p);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

/**
 * Runs on every navigation in the agent's tab, on an address the page controls: a regex that can
 * backtrack catastrophically ((a+)+, (\w+\s?)*$) could hang the tab, so safe-regex2's star-height
 * check refuses nested repetition. It cannot parse lookbehind, which is refused with it.
 */
export const TicketUrl = z
  .string()
  .min(1, 'must not be empty')
  .max(500)
  .superRefine((s, ctx) => {
    const problem = ticketUrlProblem(s);
    if (problem) return ctx.addIssue({ code: 'custom', message: problem });
    if (!safeRegex(s)) {
      ctx.addIssue({
        code: 'custom',
        message:
          "may backtrack catastrophically and hang the agent's tab (a repetition inside a repetition, like (a+)+ or (\\w+\\s?)*), or uses lookbehind, which cannot be checked: match each part once, e.g. /tickets/(\\d+)",
      });
    }
  });

/**
 * A CSS selector, or a chain that enters same-origin frames and open shadow roots one step at a
 * time: "iframe#ticket >> frame >> .requester a", "x-card >> shadow >> .email" (see
 * parseSelectorChain in shared/adapter-rules.ts). ">>>", "/deep/" and "::shadow" are refused
 * with what to write instead. "{id}" stands for the ticket id, e.g. activeScope
 * '[data-ticket-id="{id}"]': then the requester is read only from the pane of that very ticket.
 */
export const CssSelector = z
  .string()
  .max(300)
  .superRefine((s, ctx) => {
    const problem = selectorChainProblem(s);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

export const AdapterSelectors = z
  .object({
    email: CssSelector.optional(),
    name: CssSelector.optional(),
    phone: CssSelector.optional(),
    requesterId: CssSelector.optional(),
    /**
     * Where the requester fields are read: the active ticket's pane, when the app keeps several
     * mounted. With "{id}" in it (a pane keyed by the ticket id) a reading is proven this ticket's
     * at once; without, it only counts once it differs from the previous ticket's requester.
     */
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
