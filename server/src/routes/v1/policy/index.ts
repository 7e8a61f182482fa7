import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { diffPolicies } from '@shared/policy/diff';
import { validatePolicy } from '@shared/policy/validate';
import { whatIf } from '@shared/policy/what-if';
import { ErrorBody, IsoDateTime } from '@shared/schemas/common';
import { PolicyVersion } from '@shared/schemas/policy';
import { PolicyDiff, WhatIfReply } from '@shared/schemas/policy-replies';
import { UserError, notFound } from '../../../errors';
import { policyChangeSummary } from '../../../services/audit-details';
import { checkPeriod } from '../qa/period';

// Versions are stored as 32-bit integers on PostgreSQL: a larger number names no version.
const Version = z.coerce.number().int().min(1).max(2_147_483_647);
const Any = z.custom<object>((v) => typeof v === 'object' && v !== null);
const Invalid = ErrorBody.extend({
  errors: z.array(z.object({ path: z.string(), ruleId: z.string().nullable(), message: z.string() })).optional(),
});
const errors = { 400: Invalid, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };

/** The policy validated beyond its schema; 400 naming every broken rule otherwise. */
function checked(document: unknown) {
  const check = validatePolicy(document);
  if (!check.ok) {
    throw Object.assign(
      new UserError(
        400,
        `The policy has ${check.errors.length} problem${check.errors.length > 1 ? 's' : ''}: ${check.errors.map((e) => e.message).join('; ')}`,
      ),
      {
        errors: check.errors,
      },
    );
  }
  return check.policy;
}

/** Policies: read by everyone, versioned by admins, compared and replayed against history. */
const route: FastifyPluginAsyncZod = async (app) => {
  app.get('/v1/policy', {
    onRequest: app.authorize('policy:read'),
    schema: { response: { 200: PolicyVersion, ...errors } },
    handler: async (req) => {
      const current = await app.repos.policies.current(req.principal.tenantId);
      if (!current) throw notFound('No policy is in force yet');
      return current;
    },
  });

  app.get('/v1/policy/versions', {
    onRequest: app.authorize('policy:read'),
    schema: { response: { 200: z.array(PolicyVersion), ...errors } },
    handler: async (req) => app.repos.policies.list(req.principal.tenantId),
  });

  app.get('/v1/policy/versions/:version', {
    onRequest: app.authorize('policy:read'),
    schema: { params: z.object({ version: Version }), response: { 200: PolicyVersion, ...errors } },
    handler: async (req) => {
      const version = await app.repos.policies.get(req.principal.tenantId, req.params.version);
      if (!version) throw notFound(`No policy version ${req.params.version}`);
      return version;
    },
  });

  app.post('/v1/policy/versions', {
    onRequest: app.authorize('policy:write'),
    // The document is checked by validatePolicy, which names rules; the schema here only shapes the envelope.
    schema: {
      body: z.object({ document: Any, effectiveFrom: IsoDateTime.optional(), note: z.string().max(500).optional() }).strict(),
      response: { 201: PolicyVersion, ...errors },
    },
    handler: async (req, reply) => {
      const document = checked(req.body.document);
      const { tenantId, userId } = req.principal;
      // Published and audited in one transaction, under the tenant's lock that versioning takes.
      const created = await app.repos.inTenantTransaction(tenantId, async () => {
        const created = await app.repos.policies.create(tenantId, {
          document,
          effectiveFrom: req.body.effectiveFrom ? Date.parse(req.body.effectiveFrom) : undefined,
          note: req.body.note,
          createdBy: userId,
        });
        const previous = created.version > 1 ? await app.repos.policies.get(tenantId, created.version - 1) : null;
        await app.repos.audit.record(tenantId, userId, 'policy.publish', `policy:v${created.version}`, {
          version: created.version,
          effectiveFrom: created.effectiveFrom,
          previousVersion: previous?.version ?? null,
          changes: previous ? policyChangeSummary(diffPolicies(previous.document, created.document)) : null,
        });
        return created;
      });
      // What agents may grant changed: the suggested offers on screen are computed afresh.
      app.offersPush.tenantChanged(tenantId);
      return reply.code(201).send(created);
    },
  });

  app.get('/v1/policy/diff', {
    onRequest: app.authorize('policy:read'),
    schema: { querystring: z.object({ from: Version, to: Version }), response: { 200: PolicyDiff, ...errors } },
    handler: async (req) => {
      const [a, b] = await Promise.all([
        app.repos.policies.get(req.principal.tenantId, req.query.from),
        app.repos.policies.get(req.principal.tenantId, req.query.to),
      ]);
      if (!a || !b) throw notFound(`No policy version ${!a ? req.query.from : req.query.to}`);
      return { from: a.version, to: b.version, changes: diffPolicies(a.document, b.document) };
    },
  });

  app.post('/v1/policy/what-if', {
    onRequest: app.authorize('policy:what-if'),
    schema: { body: z.object({ document: Any, from: IsoDateTime, to: IsoDateTime }).strict(), response: { 200: WhatIfReply, ...errors } },
    handler: async (req) => {
      const draft = checked(req.body.document);
      const { from, to } = checkPeriod(Date.parse(req.body.from), Date.parse(req.body.to), 'body.');
      return whatIf(draft, await app.repos.grants.history(req.principal.tenantId, from, to));
    },
  });
};
export default route;
