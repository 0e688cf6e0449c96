/**
 * Runs the Azure CLI conformance checks (emulator/conformance/azure-cli.ts) with Debian's Azure CLI.
 * A missing az is a failure that names the package to install, never a skip.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { AZ_PATH, runAzureCliConformance } from '../conformance/azure-cli';

const installed = existsSync(AZ_PATH);

void test('Debian Azure CLI agrees with the emulator (login, vmss list / list-instances / deallocate / stop / perform-maintenance)', {
  timeout: 300_000,
}, async () => {
  assert.ok(installed, `The Azure CLI is not installed at ${AZ_PATH}: install Debian's package with 'sudo apt-get install -y azure-cli' (the emulator's conformance check runs the real az against it)`);
  const lines: string[] = [];
  const result = await runAzureCliConformance((l) => lines.push(l));
  const failed = result.checks.filter((c) => !c.ok);
  assert.equal(failed.length, 0, `Azure CLI conformance failed:\n${lines.join('\n')}`);
  assert.ok(result.checks.length >= 15);
});
