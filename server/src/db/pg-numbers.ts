import pg from 'pg';

// Counts and sums come back as int8/numeric, which node-postgres gives as strings; ours are all
// far below 2^53 (cents, counts, millisecond times), so read them as numbers, as SQLite gives them.
// Set globally, once, on import: drizzle passes its own per-query parsers, which fall back to
// these, not to a pool's; test tools reading the database raw import this too.
pg.types.setTypeParser(pg.types.builtins.INT8, Number);
pg.types.setTypeParser(pg.types.builtins.NUMERIC, Number);
