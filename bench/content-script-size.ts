/**
 * Gzipped size of the built content scripts: all of them (content_script_gzip_bytes), and what
 * one page loads: a helpdesk page its reader, a call's page the call panel and the main-world call reader.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { ensureExtensionBuilt, EXTENSION_OUT } from './extension-build';
import { figure, type Figure } from './types';

export const contentScriptNames = [
  'content_script_gzip_bytes',
  'content_script_helpdesk_page_gzip_bytes',
  'content_script_call_page_gzip_bytes',
];

/** Which built scripts each kind of page loads (background/pinned-hosts.ts registers them). */
const PAGES = {
  helpdesk: ['reader.js'],
  call: ['call-panel.js', 'call-reader.js'],
};

export async function contentScriptSize(): Promise<Figure[]> {
  await ensureExtensionBuilt();
  const dir = join(EXTENSION_OUT, 'content-scripts');
  const files = readdirSync(dir).filter((f) => f.endsWith('.js'));
  if (files.length === 0) throw new Error(`no content scripts in ${dir}`);
  // Each script is fetched and decompressed on its own, so sum per-file sizes.
  const gz = (names: string[]) => names.reduce((n, f) => n + gzipSync(readFileSync(join(dir, f)), { level: 9 }).length, 0);
  const missing = Object.values(PAGES)
    .flat()
    .filter((f) => !files.includes(f));
  if (missing.length) throw new Error(`the build has no ${missing.join(', ')} in ${dir}: update PAGES`);
  return [
    figure('content_script_gzip_bytes', gz(files), 'bytes'),
    figure('content_script_helpdesk_page_gzip_bytes', gz(PAGES.helpdesk), 'bytes'),
    figure('content_script_call_page_gzip_bytes', gz(PAGES.call), 'bytes'),
  ];
}
