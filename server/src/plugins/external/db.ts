import fp from 'fastify-plugin';
import { openSqlite, type OpenDb } from '../../db/open';
import { createRepositories, type Repositories } from '../../repositories';

declare module 'fastify' {
  interface FastifyInstance {
    db: OpenDb;
    repos: Repositories;
  }
}

/** The database and the repositories over it; closed with the app. */
export default fp<{ file: string; sync: 'FULL' | 'NORMAL'; masterKey: Buffer }>(
  async (app, opts) => {
    const db = openSqlite(opts.file, opts.sync);
    app.decorate('db', db);
    app.decorate('repos', createRepositories(db.db, { masterKey: opts.masterKey }));
    app.addHook('onClose', async () => {
      // Fold the WAL into the main file, so the file alone is complete after a clean stop.
      db.sqlite.pragma('wal_checkpoint(TRUNCATE)');
      db.close();
    });
  },
  { name: 'db' },
);
