/**
 * The bundle boundary, read from esbuild's metafiles: dist/extension.js (UI) and dist/cloud.js
 * (SDKs) share no runtime module; both reach src/fleet only through dist/fleet.js, so every
 * class there (errors included) has one identity; the core and the UI carry no cloud SDK.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';

const root = resolve(__dirname, '..', '..');

interface Metafile {
  inputs: Record<string, { imports: Array<{ path: string; external?: boolean }> }>;
  outputs: Record<string, { imports: Array<{ path: string; external?: boolean }> }>;
}

/** Whether a dotted version is at least `minimum` (pre-release tags are ignored). */
function atLeast(version: string, minimum: readonly number[]): boolean {
  const parts = version.split(/[.-]/).slice(0, 3).map(Number);
  for (let i = 0; i < minimum.length; i++) {
    const have = parts[i] ?? 0;
    const want = minimum[i] ?? 0;
    if (Number.isNaN(have)) return false;
    if (have !== want) return have > want;
  }
  return true;
}

const metafiles: Record<'fleet' | 'extension' | 'cloud', Metafile> = {} as Record<'fleet' | 'extension' | 'cloud', Metafile>;

void describe('bundle boundary (esbuild metafiles)', () => {
  const outdir = mkdtempSync(join(tmpdir(), 'fleet-power-bundles-'));
  before(() => {
    execFileSync(process.execPath, [join(root, 'esbuild.mjs'), '--outdir', outdir], { cwd: root, stdio: 'pipe' });
    for (const name of ['fleet', 'extension', 'cloud'] as const) {
      metafiles[name] = JSON.parse(readFileSync(join(outdir, 'meta', `${name}.meta.json`), 'utf8')) as Metafile;
    }
  });
  after(() => rmSync(outdir, { recursive: true, force: true }));

  const inputs = (name: keyof typeof metafiles): string[] => Object.keys(metafiles[name].inputs);
  const externalImports = (name: keyof typeof metafiles): string[] =>
    Object.values(metafiles[name].outputs).flatMap((o) => o.imports.filter((i) => i.external).map((i) => i.path));

  void test('extension.js and cloud.js have no input module in common', () => {
    const ui = new Set(inputs('extension'));
    assert.ok(ui.size > 10 && inputs('cloud').length > 10, 'the metafiles list the bundles\' inputs');
    assert.deepEqual(inputs('cloud').filter((path) => ui.has(path)), []);
  });

  void test('src/fleet is bundled only into fleet.js, and both other bundles require it', () => {
    assert.ok(inputs('fleet').some((path) => path === 'src/fleet/engine.ts'));
    assert.deepEqual(inputs('extension').filter((path) => path.startsWith('src/fleet/')), []);
    assert.deepEqual(inputs('cloud').filter((path) => path.startsWith('src/fleet/')), []);
    assert.ok(externalImports('extension').includes('./fleet.js'));
    assert.ok(externalImports('cloud').includes('./fleet.js'));
  });

  void test('only cloud.js carries the cloud SDKs; the extension loads it at run time', () => {
    const sdk = /node_modules\/(@azure|@volcengine|axios)\//;
    assert.deepEqual(inputs('extension').filter((path) => sdk.test(path)), []);
    assert.deepEqual(inputs('fleet').filter((path) => sdk.test(path) || path.startsWith('src/ui/') || path.startsWith('src/cloud/')), []);
    assert.ok(inputs('cloud').some((path) => path.includes('node_modules/@azure/arm-compute/')));
    assert.ok(inputs('cloud').some((path) => path.includes('node_modules/@volcengine/openapi/')));
    assert.deepEqual(inputs('cloud').filter((path) => path.startsWith('src/ui/')), []);
    assert.ok(externalImports('extension').includes('./cloud.js'));
  });

  void test('the axios bundled into cloud.js is 0.30.2 or newer (0.21 carries published advisories)', () => {
    // The Volcengine SDK asks for axios ^0.21; package.json overrides it. Both what esbuild read and what it wrote are checked.
    const packages = new Set(inputs('cloud').map((path) => /^(.*node_modules\/axios)\//.exec(path)?.[1]).filter((dir): dir is string => dir !== undefined));
    assert.ok(packages.size > 0, 'cloud.js bundles axios (under the Volcengine SDK)');
    for (const dir of packages) {
      const { version } = JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8')) as { version: string };
      assert.ok(atLeast(version, [0, 30, 2]), `${dir} is axios ${version}`);
    }
    const bundle = readFileSync(join(outdir, 'cloud.js'), 'utf8');
    const carried = [...bundle.matchAll(/"[^"]*node_modules\/(?:[^"]*\/)?axios\/lib\/env\/data\.js"[\s\S]{0,200}?"?version"?\s*:\s*"([^"]+)"/g)].map((m) => m[1] ?? '');
    assert.ok(carried.length > 0, 'the bundle carries axios\'s version record');
    for (const version of carried) assert.ok(atLeast(version, [0, 30, 2]), `cloud.js carries axios ${version}`);
  });

  void test('fleet.js has no other external than Node built-ins', () => {
    assert.deepEqual(externalImports('fleet').filter((path) => !path.startsWith('node:')), []);
  });
});
