/**
 * The bundle boundary, read from esbuild's metafiles: dist/extension.js (UI) and dist/cloud.js
 * (SDKs) share no runtime module; both reach src/fleet only through dist/fleet.js, so every
 * class there (errors included) has one identity; the core and the UI carry no cloud SDK; no
 * bundled package is older than the fix of an advisory published against it.
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

/**
 * Bundled packages with a published advisory against an older release, and the release that
 * fixed it (the highest fix in the release line). The Volcengine SDK pins or caps all three below
 * it; package.json's overrides lift them. The ranges are from the GitHub Advisory Database.
 */
const ADVISORY_FLOORS: Partial<Record<string, { fixedIn: readonly number[]; advisories: string }>> = {
  axios: { fixedIn: [0, 33, 0], advisories: 'GHSA-jr5f-v2jv-69x6 (SSRF and credential leakage with absolute URLs, 0.30.0), GHSA-4hjh-wcwx-xvwj (denial of service, 0.30.2), the later 0.x advisories up to 0.32.0 among them CVE-2026-67320 and CVE-2026-67321 (0.33.0)' },
  protobufjs: { fixedIn: [7, 6, 5], advisories: 'GHSA-xq3m-2v4x-88gg / CVE-2026-41242 (code execution through type fields, 7.5.5), GHSA-75px-5xx7-5xc7 / CVE-2026-44291 and six more (7.5.6), GHSA-jggg-4jg4-v7c6 (7.5.8), GHSA-wcpc-wj8m-hjx6 / CVE-2026-48712 (7.6.1), GHSA-f38q-mgvj-vph7 (7.6.3), GHSA-j3f2-48v5-ccww / CVE-2026-59877 (7.5.0–7.6.4, 7.6.5)' },
  uuid: { fixedIn: [11, 1, 1], advisories: 'GHSA-w5hq-g745-h8pq / CVE-2026-41907 (no bounds check of a caller\'s buffer in v3/v5/v6)' },
};

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

  /** Every package directory esbuild read into any bundle, with the version its package.json gives. */
  const bundledPackages = (): Array<{ name: string; dir: string; version: string }> => {
    const dirs = new Map<string, string>();
    for (const name of ['fleet', 'extension', 'cloud'] as const) {
      for (const path of inputs(name)) {
        const m = /^(.*node_modules\/((?:@[^/]+\/)?[^/]+))\//.exec(path);
        if (m?.[1] && m[2]) dirs.set(m[1], m[2]);
      }
    }
    return [...dirs].map(([dir, name]) => ({ name, dir, version: (JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8')) as { version: string }).version }));
  };

  void test('no bundled package is older than the release that fixed its published advisories', () => {
    const shipped = bundledPackages();
    assert.ok(shipped.length > 50, 'the metafiles list the bundled packages');
    const older = shipped.filter((p) => { const floor = ADVISORY_FLOORS[p.name]; return floor !== undefined && !atLeast(p.version, floor.fixedIn); })
      .map((p) => `${p.dir} is ${p.name} ${p.version}; ${ADVISORY_FLOORS[p.name]?.advisories ?? ''} fixed in ${ADVISORY_FLOORS[p.name]?.fixedIn.join('.') ?? ''}`);
    assert.deepEqual(older, []);
    // A floor for a package no bundle carries any more checks nothing: the table must say what ships.
    const names = new Set(shipped.map((p) => p.name));
    assert.deepEqual(Object.keys(ADVISORY_FLOORS).filter((name) => !names.has(name)), []);
  });

  void test('the axios written into cloud.js is 0.33.0 or newer (the Volcengine SDK asks for ^0.21)', () => {
    const bundle = readFileSync(join(outdir, 'cloud.js'), 'utf8');
    const carried = [...bundle.matchAll(/"[^"]*node_modules\/(?:[^"]*\/)?axios\/lib\/env\/data\.js"[\s\S]{0,200}?"?version"?\s*:\s*"([^"]+)"/g)].map((m) => m[1] ?? '');
    assert.ok(carried.length > 0, 'the bundle carries axios\'s version record');
    for (const version of carried) assert.ok(atLeast(version, [0, 33, 0]), `cloud.js carries axios ${version}`);
  });

  void test('fleet.js has no other external than Node built-ins', () => {
    assert.deepEqual(externalImports('fleet').filter((path) => !path.startsWith('node:')), []);
  });
});
