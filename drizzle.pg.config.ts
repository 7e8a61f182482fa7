import { defineConfig } from 'drizzle-kit';

// The PostgreSQL twin of drizzle.config.ts: same history, generated from schema.pg.ts.
export default defineConfig({
  dialect: 'postgresql',
  schema: './server/src/db/schema.pg.ts',
  out: './server/migrations/pg',
});
