/** Gzipped size of the built content script(s): what every helpdesk page pays to load. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { ensureExtensionBuilt, EXTENSION_OUT } from './extension-build';
import { figure, type Figure } from './types';

export const contentScriptNames = ['content_script_gzip_bytes'];

export async function contentScriptSize(): Promise<Figure[]> {
  await ensureExtensionBuilt();
  const dir = join(EXTENSION_OUT, 'content-scripts');
  const files = readdirSync(dir).filter((f) => f.endsWith('.js'));
  if (files.length === 0) throw new Error(`no content scripts in ${dir}`);
  // Each script is fetched and decompressed on its own, so sum per-file sizes.
  const bytes = files.reduce((n, f) => n + gzipSync(readFileSync(join(dir, f)), { level: 9 }).length, 0);
  return [figure('content_script_gzip_bytes', bytes, 'bytes')];
}
