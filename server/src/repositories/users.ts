import { hash, verify } from '@node-rs/argon2';
import { eq } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import type { Role } from '../../../shared/schemas/common';
import type { SessionUser } from '../../../shared/schemas/auth';
import type { Database } from '../db/database';

// Checked when the email is unknown, so a wrong email costs as long as a wrong password.
let dummyHash: Promise<string> | null = null;

export function createUsersRepository(db: Database) {
  const { tenants, users } = db.t;
  return {
    async create(input: { tenantId: string; email: string; name: string; role: Role; password: string; agentLevel?: number; team?: string; approvalLevel?: string }): Promise<string> {
      const id = randomUUID();
      // Hashed before the transaction: it takes a while, and nobody need wait on it.
      const passwordHash = await hash(input.password);
      await db.tx(async (tx) => {
        await tx
          .insert(users)
          .values({ id, tenantId: input.tenantId, email: input.email.toLowerCase(), name: input.name, role: input.role, agentLevel: input.agentLevel ?? 1, team: input.team ?? 'default', approvalLevel: input.approvalLevel ?? null, passwordHash, createdAt: Date.now() });
      });
      return id;
    },

    /** The user, if the password matches; null otherwise, after the same amount of work. */
    async authenticate(email: string, password: string): Promise<SessionUser | null> {
      const [row] = await db.q
        .select({ user: users, tenantName: tenants.name })
        .from(users)
        .innerJoin(tenants, eq(tenants.id, users.tenantId))
        .where(eq(users.email, email.toLowerCase()))
        .limit(1);
      if (!row) {
        dummyHash ??= hash('not a real password');
        await verify(await dummyHash, password);
        return null;
      }
      if (!(await verify(row.user.passwordHash, password))) return null;
      if (row.user.deactivatedAt !== null) return null;
      return { id: row.user.id, tenantId: row.user.tenantId, tenantName: row.tenantName, email: row.user.email, name: row.user.name, role: row.user.role };
    },

    /** Whose account an email names, without checking any password (to audit and throttle attempts on it). */
    async byEmail(email: string): Promise<{ id: string; tenantId: string } | null> {
      const [row] = await db.q.select({ id: users.id, tenantId: users.tenantId }).from(users).where(eq(users.email, email.toLowerCase())).limit(1);
      return row ?? null;
    },

    async byId(id: string) {
      const [row] = await db.q.select().from(users).where(eq(users.id, id));
      return row ?? null;
    },
  };
}
export type UsersRepository = ReturnType<typeof createUsersRepository>;
