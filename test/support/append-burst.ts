/**
 * A process that appends to the resolution log as fast as it can, printing each seq, until
 * it is killed: the crash-safety test SIGKILLs it mid-burst and verifies the chain.
 * Usage: node --import tsx test/support/append-burst.ts DB_FILE TENANT_ID MASTER_KEY_HEX
 */
import { randomUUID } from 'node:crypto';
import { openSqlite } from '../../server/src/db/open';
import { createRepositories } from '../../server/src/repositories';

const [file, tenantId, key] = process.argv.slice(2) as [string, string, string];
const { db } = openSqlite(file);
const repos = createRepositories(db, { masterKey: Buffer.from(key, 'hex') });
for (let i = 0; ; i++) {
  const r = await repos.log.append(tenantId, { idempotencyKey: randomUUID(), kind: 'resolution', ticketRef: `zendesk:${i}`, data: { outcome: 'resolved', i } });
  process.stdout.write(`${r.seq}\n`);
}
