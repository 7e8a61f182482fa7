/**
 * Every REST route, enumerated from the running server (`app.routeList`), fuzzed with
 * generated hostile input built from its own zod schemas: mutations of a valid example, any
 * JSON at all, hostile strings in params and query, raw JSON no serializer writes (10,000
 * levels deep, lone surrogates, bad bytes, prototype keys), wrong content types and bodies
 * over the limit. The answer is always a 4xx whose message says what was wrong, never a 500;
 * a refused request changes no table's row count; the database passes the engine's integrity check.
 * A route this file cannot build a valid example for fails, so none ships unfuzzed.
 */
import { fuzzRest } from '../support/fuzz-rest/suite';

// Half the routes here, the other half in fuzz-rest.shard-2.test.ts: the two run side by side.
await fuzzRest(0, 2);
