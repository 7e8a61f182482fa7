/** Builds the extension when missing or older than its sources, so figures never describe a stale build. */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');
export const EXTENSION_OUT = join(ROOT, '.output/chrome-mv3');
const SOURCES = ['extension', 'shared', 'wxt.config.ts', 'package.json'];

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return /\.test\.tsx?$/.test(path) ? 0 : st.mtimeMs; // tests are not bundled
  return readdirSync(path).reduce((m, f) => Math.max(m, newestMtime(join(path, f))), 0);
}

export async function ensureExtensionBuilt(): Promise<void> {
  const manifest = join(EXTENSION_OUT, 'manifest.json');
  const built = existsSync(manifest) ? statSync(manifest).mtimeMs : 0;
  const sources = Math.max(...SOURCES.map((s) => newestMtime(join(ROOT, s))));
  if (built > sources) return;
  console.error(built ? 'extension sources changed: npx wxt build' : 'extension not built: npx wxt build');
  await new Promise<void>((res, rej) => {
    const child = spawn('npx', ['wxt', 'build'], { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
    child.once('error', rej);
    child.once('exit', (code) => (code === 0 ? res() : rej(new Error(`npx wxt build exited with ${code}`))));
  });
}
