/**
 * `npm run db:migrate`: brings the configured database — LEEWAY_DATABASE_URL, else the SQLite
 * file LEEWAY_DB_FILE — to the latest migration and exits. Deployments run it once before
 * rolling out new server processes; servers also migrate on start (one at a time, under a lock).
 */
import { loadConfig } from '../server/src/config';
import { exitOnOpenError } from '../server/src/db/errors';
import { openDatabase } from '../server/src/db/open';

try {
  const config = loadConfig();
  const db = await openDatabase(config.database);
  console.log(`${db.where}: at the latest migration`);
  await db.close();
} catch (error) {
  exitOnOpenError(error);
}
