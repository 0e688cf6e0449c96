/** Settings that would send credentials somewhere unsafe are refused with a message naming the setting. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { AzureConfigurationError, resolveAzureEndpoint } from '../../src/cloud/azure/config';
import { parseVolcengineEndpoint, VolcengineConfigError } from '../../src/cloud/volcengine/config';
import { parseAuthentication, parseConcurrency, parsePollInterval } from '../../src/ui/settingsPolicy';
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
