/**
 * The layout's rules, checked in CI (`npm run check:boundaries`): which folder may import which.
 * A rule here fails the build; see README "Layout" for where each concept lives.
 */
module.exports = {
  forbidden: [
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
      name: 'no-cycles',
      comment: 'No module reaches itself through its imports, type-only imports included.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|\\.output|\\.wxt|dist|test-results)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.json'],
    },
  },
};
