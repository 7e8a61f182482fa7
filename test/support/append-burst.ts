/**
 * A process that appends to the resolution log as fast as it can, printing each seq, until
 * it is killed: the crash-safety test SIGKILLs it mid-burst and verifies the chain.
 * Usage: node --import tsx test/support/append-burst.ts DB TENANT_ID MASTER_KEY_HEX
 * DB is a SQLite file or a postgres:// URL.
 */
import { randomUUID } from 'node:crypto';
import { openDatabase } from '../../server/src/db/open';
import { serverKey } from '../../server/src/idempotency';
import { createRepositories } from '../../server/src/repositories';

const [where, tenantId, key] = process.argv.slice(2) as [string, string, string];
const db = await openDatabase(
  /^postgres(ql)?:\/\//.test(where) ? { kind: 'postgres', url: where, poolSize: 2 } : { kind: 'sqlite', file: where, sync: 'FULL' },
);
const repos = createRepositories(db, { masterKey: Buffer.from(key, 'hex') });
for (let i = 0; ; i++) {
  const r = await repos.log.append(tenantId, {
    idempotencyKey: serverKey('burst', randomUUID()),
    kind: 'resolution',
    ticketRef: `zendesk:${i}`,
    data: { outcome: 'resolved', i },
  });
  process.stdout.write(`${r.seq}\n`);
}
