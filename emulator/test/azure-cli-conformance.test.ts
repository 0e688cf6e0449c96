/**
 * Runs the Azure CLI conformance checks (emulator/conformance/azure-cli.ts) when Debian's Azure CLI is
 * installed. In CI it must be: there a missing az is a failure, not a skip.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { AZ_PATH, runAzureCliConformance } from '../conformance/azure-cli';

const installed = existsSync(AZ_PATH);
const inCi = Boolean(process.env.CI);

void test('Debian Azure CLI agrees with the emulator (login, vmss list / list-instances / deallocate / stop / perform-maintenance)', {
  skip: !installed && !inCi ? `Azure CLI not installed at ${AZ_PATH} (apt-get install azure-cli)` : false,
  timeout: 300_000,
}, async () => {
  assert.ok(installed, `CI is set but the Azure CLI is not installed at ${AZ_PATH}: install it with 'apt-get install -y azure-cli' before the emulator tests`);
  const lines: string[] = [];
  const result = await runAzureCliConformance((l) => lines.push(l));
  const failed = result.checks.filter((c) => !c.ok);
  assert.equal(failed.length, 0, `Azure CLI conformance failed:\n${lines.join('\n')}`);
  assert.ok(result.checks.length >= 15);
});
