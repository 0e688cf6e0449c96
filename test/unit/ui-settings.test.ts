/** Settings that would send credentials somewhere unsafe are refused with a message naming the setting. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { AzureConfigurationError, resolveAzureEndpoint } from '../../src/fleet/endpoints/azure';
import { parseVolcengineEndpoint, VolcengineConfigError } from '../../src/fleet/endpoints/volcengine';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { changedClouds, parseAuthentication, parseConcurrency, parsePollInterval, parseSettingsText, USER_ONLY_SETTINGS, userOnlySettingsIn } from '../../src/ui/settingsPolicy';
import { describeAzureConfigurationError, describeVolcengineConfigError } from '../../src/ui/settingsErrors';

function azureMessage(cloud: string, resourceManagerEndpoint?: string): string {
  try {
    resolveAzureEndpoint({ cloud, resourceManagerEndpoint });
  } catch (error) {
    assert.ok(error instanceof AzureConfigurationError);
    return describeAzureConfigurationError(error);
  }
  return 'accepted';
}

function volcengineMessage(endpoint: string): string {
  try {
    parseVolcengineEndpoint(endpoint);
  } catch (error) {
    assert.ok(error instanceof VolcengineConfigError);
    return describeVolcengineConfigError(error);
  }
  return 'accepted';
}

void describe('endpoint settings', () => {
  void test('plain http to a non-loopback host is refused with a clear message', () => {
    assert.match(azureMessage('Custom', 'http://management.example.com'), /Refusing to send Azure tokens over plain http/);
    assert.match(volcengineMessage('http://open.example.com'), /Refusing to send signed requests over plain http/);
  });

  void test('loopback http (a local emulator) and https are accepted', () => {
    assert.equal(azureMessage('Custom', 'http://127.0.0.1:8443'), 'accepted');
    assert.equal(azureMessage('Custom', 'https://management.example.com'), 'accepted');
    assert.equal(volcengineMessage('https://open.volcengineapi.com'), 'accepted');
    assert.equal(volcengineMessage('http://localhost:9000'), 'accepted');
  });

  void test('unknown clouds, a missing custom endpoint and garbage URLs each name the setting to fix', () => {
    assert.match(azureMessage('MarsCloud'), /fleetPower\.azure\.cloud names an unknown cloud/);
    assert.match(azureMessage('Custom', ''), /set fleetPower\.azure\.resourceManagerEndpoint/);
    assert.match(azureMessage('Custom', 'not a url'), /fleetPower\.azure\.resourceManagerEndpoint is not a valid https URL/);
    assert.match(volcengineMessage('https://open.volcengineapi.com/some/path'), /fleetPower\.volcengine\.endpoint is not a valid host/);
  });

  void test('unknown or malformed values fall back to safe defaults', () => {
    assert.equal(parseAuthentication('password'), 'auto');
    assert.equal(parseAuthentication('azureCli'), 'azureCli');
    assert.equal(parsePollInterval(0), 1);
    assert.equal(parsePollInterval('fast'), 5);
    assert.equal(parsePollInterval(1e9), 120);
    assert.equal(parseConcurrency(0), 1);
    assert.equal(parseConcurrency(4.7), 4);
    assert.equal(parseConcurrency(undefined), 8);
    assert.equal(parseConcurrency(500), 32);
  });
});

void describe('workspace settings files', () => {
  void test('the user-only list is exactly the application-scoped settings of the manifest', () => {
    const manifest = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'package.json'), 'utf8')) as { contributes: { configuration: { properties: Record<string, { scope?: string }> } } };
    const applicationScoped = Object.entries(manifest.contributes.configuration.properties).filter(([, p]) => p.scope === 'application').map(([k]) => k);
    assert.deepEqual([...USER_ONLY_SETTINGS].sort(), applicationScoped.sort());
  });

  void test('finds the user-only keys a .vscode/settings.json (with comments and trailing commas) tries to set', () => {
    const text = `{
      // points the tokens elsewhere
      "fleetPower.azure.resourceManagerEndpoint": "https://decoy.example", /* block */
      "fleetPower.volcengine.endpoint": "https://decoy.example//path",
      "editor.tabSize": 2,
    }`;
    assert.deepEqual(userOnlySettingsIn(text), ['fleetPower.azure.resourceManagerEndpoint', 'fleetPower.volcengine.endpoint']);
    assert.deepEqual(userOnlySettingsIn('{ "settings": { "fleetPower.azure.cloud": "Custom" } }', 'settings'), ['fleetPower.azure.cloud']);
    assert.deepEqual(userOnlySettingsIn('not json'), []);
    assert.deepEqual(parseSettingsText(String.raw`{"a": "// not a comment", "b": "x\"y", "c": "/* nor this */"} // c`), { a: '// not a comment', b: 'x"y', c: '/* nor this */' });
    assert.equal(parseSettingsText('{ "a": 1 '), undefined, 'a broken file is not guessed at');
  });
});

void describe('which settings changes reload a cloud', () => {
  const base = {
    azure: { authentication: 'azureCli', cloud: 'Custom', resourceManagerEndpoint: 'https://127.0.0.1:8443' },
    volcengine: { endpoint: 'https://127.0.0.1:8444', regions: ['cn-beijing'] },
    maxConcurrency: 8,
  };

  void test('a change VS Code reports that leaves the effective values as they were reloads nothing', () => {
    // e.g. a workspace settings.json whose fleetPower values are ignored
    assert.deepEqual(changedClouds(base, structuredClone(base)), { azure: false, volcengine: false });
  });

  void test('each cloud reloads only for its own settings; the concurrency bound reloads both', () => {
    assert.deepEqual(changedClouds(base, { ...base, azure: { ...base.azure, cloud: 'AzureChinaCloud' } }), { azure: true, volcengine: false });
    assert.deepEqual(changedClouds(base, { ...base, azure: { ...base.azure, authentication: 'environment' } }), { azure: true, volcengine: false });
    assert.deepEqual(changedClouds(base, { ...base, azure: { ...base.azure, resourceManagerEndpoint: 'https://127.0.0.1:9443' } }), { azure: true, volcengine: false });
    assert.deepEqual(changedClouds(base, { ...base, volcengine: { ...base.volcengine, regions: ['cn-beijing', 'cn-shanghai'] } }), { azure: false, volcengine: true });
    assert.deepEqual(changedClouds(base, { ...base, volcengine: { ...base.volcengine, endpoint: 'https://open.volcengineapi.com' } }), { azure: false, volcengine: true });
    assert.deepEqual(changedClouds(base, { ...base, maxConcurrency: 4 }), { azure: true, volcengine: true });
  });
});
