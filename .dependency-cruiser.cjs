/**
 * The layout's rules, checked in CI (`npm run check:boundaries`): which folder may import which.
 * A rule here fails the build; see README "Layout" for where each concept lives.
 */
module.exports = {
  forbidden: [
    {
      name: 'extension-types-only-from-socket-table',
      comment:
        "shared/events.ts holds the socket table with every payload schema (zod): the extension imports only its types; run-time helpers (isError, HANDSHAKE_RETRY) come from shared/socket-reply.ts, so the panel's bundle stays small.",
      severity: 'error',
      from: { path: '^extension/' },
      to: { path: '^shared/events\\.ts$', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'resolvable',
      comment:
        'Every import resolves to a file or a package: an alias the checker cannot follow would hide its target from every other rule.',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
    {
      name: 'shared-stays-shared',
      comment: 'shared/ is imported by the extension and the server alike: it may import only itself and packages.',
      severity: 'error',
      from: { path: '^shared/', pathNot: '\\.test\\.ts$' },
      to: { path: '^(extension|server|test|bench|scripts)/' },
    },
    {
      name: 'extension-not-server',
      comment: 'The extension talks to the server over HTTP and sockets only; what both need lives in shared/.',
      severity: 'error',
      from: { path: '^extension/', pathNot: '\\.test\\.tsx?$' },
      to: { path: '^server/' },
    },
    {
      name: 'server-not-extension',
      comment: 'The server never imports the extension; what both need lives in shared/.',
      severity: 'error',
      from: { path: '^server/', pathNot: '\\.test\\.ts$' },
      to: { path: '^extension/' },
    },
    {
      name: 'panel-not-adapters',
      comment: 'Panel components know shared types, never a helpdesk: reading the page is the adapters’ job.',
      severity: 'error',
      from: { path: '^extension/panel/' },
      to: { path: '^extension/adapters/' },
    },
    {
      name: 'adapters-do-not-draw',
      comment: 'Adapters read a helpdesk page; drawing is the panel’s job.',
      severity: 'error',
      from: { path: '^extension/adapters/' },
      to: { path: '(^extension/(panel|sidepanel|console)/|node_modules/preact)' },
    },
    {
      name: 'product-not-tests',
      comment: 'Shipped code never imports test helpers or benches.',
      severity: 'error',
      from: { path: '^(extension|server|shared)/', pathNot: '\\.test\\.tsx?$' },
      to: { path: '^(test|bench)/' },
    },
    {
      name: 'routes-not-db',
      comment:
        'Routes validate, authorise and call services or repositories (app.repos.transaction / inTenantTransaction for atomicity): never the database or drizzle.',
      severity: 'error',
      from: { path: '^server/src/routes/' },
      to: { path: '(^server/src/db/|node_modules/drizzle-orm/)' },
    },
    {
      name: 'tables-behind-repositories',
      comment:
        'Only repositories/ and db/ touch tables: no drizzle, no schema, elsewhere in the server. Allowed: db/database.ts (the handle type, `db.tx` and `tenantLock`: services own transaction boundaries), db/errors.ts (fault classification) and the opener (see db-opened-once).',
      severity: 'error',
      from: { path: '^server/src/', pathNot: '(^server/src/(repositories|db)/|\\.test\\.ts$)' },
      to: { path: '(^server/src/db/|node_modules/drizzle-orm/)', pathNot: '^server/src/db/(database|errors|open|durable-file)\\.ts$' },
    },
    {
      name: 'db-opened-once',
      comment:
        'The database is opened by the db plugin only; config.ts reads its settings type and keeps the demo secrets beside the file (durable-file.ts).',
      severity: 'error',
      from: {
        path: '^server/src/',
        pathNot: '(^server/src/(repositories|db)/|^server/src/config\\.ts$|^server/src/plugins/external/db\\.ts$|\\.test\\.ts$)',
      },
      to: { path: '^server/src/db/(open|durable-file)\\.ts$' },
    },
    {
      name: 'no-cycles',
      comment: 'No module reaches itself through its imports, type-only imports included.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // Packages stay in the graph (not followed): rules about drizzle-orm or preact need the edge to them.
    exclude: { path: '^(\\.output|\\.wxt|dist|test-results)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.json'],
    },
  },
};
