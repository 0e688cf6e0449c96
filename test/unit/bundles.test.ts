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

  void test('fleet.js has no other external than Node built-ins', () => {
    assert.deepEqual(externalImports('fleet').filter((path) => !path.startsWith('node:')), []);
  });
});
