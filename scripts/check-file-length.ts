/**
 * House rule: no source file over 300 lines, so each stays one job a newcomer can read in one
 * sitting. Generated files and the one-off move tool are the exceptions. `npm run lint` runs it.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const MAX_LINES = 300;
const EXEMPT = new Set(['scripts/move-to-postgres.ts']);
const SOURCE = /\.(ts|tsx|cjs|mjs|css)$/;

const tracked = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { encoding: 'utf8' }).split('\0');
const tooLong = tracked
  .filter((f) => SOURCE.test(f) && !EXEMPT.has(f) && !f.startsWith('server/migrations/'))
  .flatMap((f) => {
    let text: string;
    try {
      text = readFileSync(f, 'utf8');
    } catch {
      return []; // deleted in the work tree, still in the index
    }
    const lines = text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
    return lines > MAX_LINES ? [`${f}: ${lines} lines`] : [];
  });

if (tooLong.length) {
  console.error(`Files over ${MAX_LINES} lines (split them by responsibility):\n  ${tooLong.join('\n  ')}`);
  process.exit(1);
}
console.log(`file length: every source file is at most ${MAX_LINES} lines`);
