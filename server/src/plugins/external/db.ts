import fp from 'fastify-plugin';
import type { Database } from '../../db/database';
import { openDatabase, type DatabaseConfig } from '../../db/open';
import { createRepositories, type Repositories } from '../../repositories';

declare module 'fastify' {
  interface FastifyInstance {
    db: Database;
    repos: Repositories;
  }
}

/** The database (the SQLite file or PostgreSQL) and the repositories over it; closed with the app. */
export default fp<{ database: DatabaseConfig; masterKey: Buffer }>(
  async (app, opts) => {
    const db = await openDatabase(opts.database);
    app.decorate('db', db);
    app.decorate('repos', createRepositories(db, { masterKey: opts.masterKey }));
    // Ingest secrets stored before they were sealed are sealed now, under this server's master key.
    await app.repos.tenants.sealIngestSecrets();
    app.addHook('onClose', async () => db.close());
  },
  { name: 'db' },
);
