/**
 * The processes tests start (the server, scripts/, helpers) run from a bundle of their entry made
 * by esbuild once per test process, instead of loading each of their ~330 source files through
 * tsx's loader. Measured here: a server process took 3.6 s of CPU to listen through tsx and 1.8 s
 * from the bundle, and the suite starts well over a hundred of them.
 *
 * Packages stay external (node_modules load as in production). `@node-rs/argon2` is
 * argon2-memo.mjs, as vitest.config.ts aliases it for the test processes themselves.
 */
import { build, type Plugin } from 'esbuild';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const ROOT = resolve(import.meta.dirname, '../..');
const OUT_DIR = resolve(ROOT, 'node_modules/.cache/leeway-test');

/**
 * Each source file's `import.meta` as if it ran from where it lies (the migrations folders and the
 * demo desk's pages are found relative to it), not from the bundle's place.
 */
const importMetaOfSource: Plugin = {
  name: 'import-meta-of-source',
  setup(b) {
    b.onLoad({ filter: /\.ts$/ }, async (args) => {
      const src = await readFile(args.path, 'utf8');
      const contents = src.includes('import.meta')
        ? src
            .replaceAll('import.meta.dirname', JSON.stringify(dirname(args.path)))
            .replaceAll('import.meta.filename', JSON.stringify(args.path))
            .replaceAll('import.meta.url', JSON.stringify(pathToFileURL(args.path).href))
        : src;
      return { contents, loader: 'ts' };
    });
  },
};

/** Named by its content: a process never runs another source's build, and equal builds share a file. */
async function bundle(entry: string): Promise<string> {
  const result = await build({
    entryPoints: [resolve(ROOT, entry)],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    alias: { '@node-rs/argon2': resolve(ROOT, 'test/support/argon2-memo.mjs'), '@shared': resolve(ROOT, 'shared') },
    plugins: [importMetaOfSource],
    write: false,
    outfile: 'entry.mjs',
    logLevel: 'error',
  });
  const code = result.outputFiles[0]!.contents;
  const name = entry.replace(/\.ts$/, '').replace(/[^\w-]+/g, '-');
  const file = resolve(OUT_DIR, `${name}-${createHash('sha256').update(code).digest('hex').slice(0, 16)}.mjs`);
  if (!existsSync(file)) {
    mkdirSync(OUT_DIR, { recursive: true });
    // Other processes may write the same file at once: each writes its own, then renames over.
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, code);
    renameSync(tmp, file);
  }
  return file;
}

const built = new Map<string, Promise<string>>();

/** The file to run for `entry` (a path from the repository's root, e.g. 'scripts/verify-log.ts'). */
export function bundled(entry: string): Promise<string> {
  let file = built.get(entry);
  if (!file) built.set(entry, (file = bundle(entry)));
  return file;
}
