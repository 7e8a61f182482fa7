// `npm ci` on the Node the README names must print nothing that is ours to fix: no dependency
// whose engines exclude that Node (EBADENGINE) and no install script nobody reviewed.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import semver from 'semver';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const pkg = JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8'));
const lock = JSON.parse(readFileSync(resolve(root, 'package-lock.json'), 'utf8'));

type Locked = { version?: string; engines?: { node?: string } | string[]; hasInstallScript?: boolean; optional?: boolean };
const installed = Object.entries(lock.packages as Record<string, Locked>).filter(([path]) => path !== '');
const nameOf = (path: string) => path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length);

describe('install hygiene', () => {
  it('every dependency runs on the oldest Node the engines field allows', () => {
    const oldest = semver.minVersion(pkg.engines.node);
    expect(oldest, 'package.json engines.node is a range').not.toBeNull();
    const refusing = installed
      .filter(([, p]) => !Array.isArray(p.engines) && typeof p.engines?.node === 'string')
      .filter(([, p]) => !semver.satisfies(oldest as semver.SemVer, (p.engines as { node: string }).node))
      .map(([path, p]) => `${nameOf(path)}@${p.version} needs node ${(p.engines as { node: string }).node}`);
    expect(refusing).toEqual([]);
  });

  it('every install script has been reviewed in allowScripts', () => {
    const reviewed = new Set(Object.keys(pkg.allowScripts ?? {}).map((key) => key.replace(/(.)@.*$/, '$1')));
    const unreviewed = installed
      .filter(([, p]) => p.hasInstallScript)
      .map(([path]) => nameOf(path))
      .filter((name) => !reviewed.has(name));
    expect([...new Set(unreviewed)]).toEqual([]);
  });
});
