/**
 * A workspace cannot redirect credentials, restricted mode holds, and nothing phones home:
 * the settings policy (plain Node), the manifest, the settings reader's source and the bundles.
 */
import { describe } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { scenario, useProbe } from '../faults/support/results';
import { userScopedValue, parseAuthentication } from '../../src/ui/settingsPolicy';
import { resolveAzureEndpoint } from '../../src/cloud/azure/index';
import { parseVolcengineEndpoint } from '../../src/fleet/index';

const repo = join(__dirname, '..', '..');

// Static checks of the manifest, the sources and the bundles: nothing is acted on and no
// secret is in play, so both figures are "—" (not measured), never a 0 that cannot fail.
useProbe({ begin: () => undefined, duplicates: () => undefined, texts: () => [], canaries: () => Promise.resolve([]) });

interface Manifest {
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  contributes: { configuration: { properties: Record<string, { scope?: string }> } };
  capabilities?: { untrustedWorkspaces?: { supported: boolean | 'limited'; restrictedConfigurations?: string[]; description?: string } };
}
const manifest = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as Manifest;

/** Settings that decide where tokens and signed requests go, or how sign-in happens. */
const ENDPOINT_AND_AUTH = [
  'fleetPower.azure.authentication', 'fleetPower.azure.cloud', 'fleetPower.azure.resourceManagerEndpoint',
  'fleetPower.volcengine.endpoint', 'fleetPower.volcengine.regions',
];

function filesUnder(dir: string, ext: RegExp): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...filesUnder(p, ext));
    else if (ext.test(name)) out.push(p);
  }
  return out;
}

void describe('workspace trust and telemetry', () => {
  scenario('workspace cannot redirect credentials', 'both', 'workspace values of endpoint settings are ignored by the policy', () => {
    const attacker = 'https://attacker.example';
    const user = 'https://127.0.0.1:8443';
    const endpoint = userScopedValue({ defaultValue: '', globalValue: user, workspaceValue: attacker, workspaceFolderValue: attacker }, '');
    assert.equal(endpoint.value, user);
    assert.equal(endpoint.workspaceIgnored, true, 'the ignored value is reported');
    assert.equal(resolveAzureEndpoint({ cloud: 'Custom', resourceManagerEndpoint: endpoint.value }).endpoint, user);
    const onlyWorkspace = userScopedValue<string>({ defaultValue: 'https://open.volcengineapi.com', workspaceValue: attacker }, '');
    assert.equal(onlyWorkspace.value, 'https://open.volcengineapi.com', 'the default, not the workspace value');
    assert.equal(parseVolcengineEndpoint(onlyWorkspace.value).host, 'open.volcengineapi.com');
    const cloud = userScopedValue<string>({ defaultValue: 'AzureCloud', workspaceFolderValue: 'Custom' }, 'AzureCloud');
    assert.equal(cloud.value, 'AzureCloud');
    assert.equal(parseAuthentication(userScopedValue<string>({ defaultValue: 'auto', workspaceValue: 'environment' }, 'auto').value), 'auto');
    const clean = userScopedValue<string>({ defaultValue: 'AzureCloud', globalValue: 'AzureChinaCloud' }, 'AzureCloud');
    assert.deepEqual(clean, { value: 'AzureChinaCloud', workspaceIgnored: false });
    return { requests: 0 };
  });

  scenario('workspace cannot redirect credentials', 'both', 'every endpoint and sign-in setting is application-scoped and read through the policy', () => {
    const props = manifest.contributes.configuration.properties;
    for (const key of ENDPOINT_AND_AUTH) {
      assert.ok(props[key], `${key} is contributed`);
      assert.ok(props[key].scope === 'application' || props[key].scope === 'machine', `${key} cannot be set per workspace (scope ${props[key].scope})`);
    }
    // The settings reader must take each of them through userScopedValue, never a plain get().
    const reader = readFileSync(join(repo, 'src', 'ui', 'config.ts'), 'utf8');
    assert.doesNotMatch(reader, /\.get\s*[<(]/, 'no configuration.get(): it would merge workspace values');
    for (const key of ENDPOINT_AND_AUTH) {
      const short = key.replace(/^fleetPower\./, '');
      assert.match(reader, new RegExp(`user<[^>]+>\\('${short.replace('.', '\\.')}'`), `${key} read through the user-scoped policy`);
    }
    // Nothing else in the extension reads configuration behind the policy's back.
    const readers = filesUnder(join(repo, 'src'), /\.ts$/).filter((f) => /getConfiguration\(/.test(readFileSync(f, 'utf8')));
    assert.deepEqual(readers.map((f) => f.slice(repo.length + 1)), ['src/ui/config.ts']);
    return { requests: 0 };
  });

  scenario('restricted mode', 'both', 'untrusted workspaces: limited support, endpoint and sign-in settings restricted', () => {
    const trust = manifest.capabilities?.untrustedWorkspaces;
    assert.ok(trust, 'capabilities.untrustedWorkspaces is declared');
    assert.equal(trust.supported, 'limited');
    assert.ok((trust.description ?? '').length > 0, 'the limitation is explained');
    const restricted = new Set(trust.restrictedConfigurations ?? []);
    for (const key of ENDPOINT_AND_AUTH) assert.ok(restricted.has(key), `${key} is restricted in untrusted workspaces`);
    for (const key of restricted) assert.ok(manifest.contributes.configuration.properties[key], `${key} exists`);
    // In an untrusted workspace VS Code hands restricted settings their user value only; the policy does the same in any workspace.
    const untrusted = userScopedValue<string>({ defaultValue: '', globalValue: '', workspaceValue: 'https://attacker.example' }, '');
    assert.equal(untrusted.value, '');
    return { requests: 0 };
  });

  scenario('no telemetry', 'none', 'no telemetry client in the dependencies, the sources or the bundles', () => {
    const deps = Object.keys({ ...manifest.dependencies, ...manifest.devDependencies });
    const telemetry = /applicationinsights|extension-telemetry|telemetry-?reporter|@opentelemetry\/exporter|appcenter|sentry|segment|mixpanel/i;
    assert.deepEqual(deps.filter((d) => telemetry.test(d)), []);
    for (const f of filesUnder(join(repo, 'src'), /\.ts$/)) {
      const text = readFileSync(f, 'utf8');
      assert.doesNotMatch(text, /from ['"][^'"]*(applicationinsights|extension-telemetry)/, f);
      assert.doesNotMatch(text, /\bfetch\(|XMLHttpRequest|\bhttps?\.(request|get)\(/, `${f}: no hand-made HTTP request outside the cloud SDKs`);
    }
    if (!existsSync(join(repo, 'dist', 'extension.js')) || !existsSync(join(repo, 'dist', 'cloud.js'))) {
      execFileSync(process.execPath, [join(repo, 'esbuild.mjs')], { cwd: repo, stdio: 'ignore' });
    }
    for (const bundle of ['extension.js', 'cloud.js']) {
      const text = readFileSync(join(repo, 'dist', bundle), 'utf8');
      assert.doesNotMatch(text, /applicationinsights|vscode-extension-telemetry|@vscode\/extension-telemetry|dc\.services\.visualstudio\.com|TelemetryReporter/i, bundle);
    }
    // The only hosts the extension knows by name are the clouds' own endpoints (and a docs link).
    const hosts = new Set<string>();
    for (const f of filesUnder(join(repo, 'src'), /\.ts$/)) {
      for (const m of readFileSync(f, 'utf8').matchAll(/https?:\/\/([a-zA-Z0-9.-]+[a-zA-Z0-9])/g)) if (m[1]) hosts.add(m[1].toLowerCase());
    }
    const allowed = /^(management\.(azure\.com|chinacloudapi\.cn|usgovcloudapi\.net)|login\.(microsoftonline\.com|chinacloudapi\.cn|microsoftonline\.us)|open\.volcengineapi\.com|learn\.microsoft\.com|127\.0\.0\.1|localhost)$/;
    assert.deepEqual([...hosts].filter((x) => !allowed.test(x)), []);
    return { requests: 0 };
  });
});
