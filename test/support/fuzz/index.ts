/**
 * Hostile-input generators for the fuzz tests: valid examples derived from the shared zod
 * schemas (through their JSON Schema), mutations of a valid example that break it one way at
 * a time, raw JSON texts no serializer would write, and the strings an attacker tries first.
 */
export * from './inputs';
export * from './mutations';
export * from './schema-values';
