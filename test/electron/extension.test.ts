/**
 * The VS Code layer inside a desktop VS Code (`npm run test:electron`): the extension activates,
 * every contributed command is registered, and opening the Fleet Power view lists both clouds
 * from the emulator through the real sign-in paths (Azure CLI credential, Volcengine keys).
 * The same behaviour is covered in code-server by test/e2e; this suite is for machines that
 * can download VS Code.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'mocha';
import * as vscode from 'vscode';
import { type Emulator, startEmulator } from '../../emulator/src/index';

const EXTENSION_ID = 'fleet-power.fleet-power';

interface ContributedCommand {
  command: string;
}

async function until<T>(what: string, check: () => T | undefined, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = check();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('Fleet Power in desktop VS Code', () => {
  let emu: Emulator;
  const previousEnv = { ...process.env };

  before(async () => {
    emu = await startEmulator({ transitionMs: 200, retryAfterSeconds: 0 });
    // The extension host is already running: the fake az on PATH and the Volcengine keys are
    // read when used, so setting them here reaches the credential code. (NODE_EXTRA_CA_CERTS
    // is read only at start; .vscode-test.mjs sets it.)
    Object.assign(process.env, emu.env());
    const config = vscode.workspace.getConfiguration('fleetPower');
    await config.update('azure.cloud', 'Custom', vscode.ConfigurationTarget.Global);
    await config.update('azure.resourceManagerEndpoint', emu.armUrl, vscode.ConfigurationTarget.Global);
    await config.update('azure.authentication', 'azureCli', vscode.ConfigurationTarget.Global);
    await config.update('volcengine.endpoint', emu.volcUrl, vscode.ConfigurationTarget.Global);
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is not installed in the test instance`);
    await extension.activate();
  });

  after(async () => {
    const config = vscode.workspace.getConfiguration('fleetPower');
    for (const key of ['azure.cloud', 'azure.resourceManagerEndpoint', 'azure.authentication', 'volcengine.endpoint']) {
      await config.update(key, undefined, vscode.ConfigurationTarget.Global);
    }
    for (const key of Object.keys(process.env)) if (!(key in previousEnv)) delete process.env[key];
    Object.assign(process.env, previousEnv);
    await emu?.stop();
  });

  it('registers every contributed command, and contributes every fleetPower command it registers', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    const manifest = extension?.packageJSON as { contributes?: { commands?: ContributedCommand[] } } | undefined;
    const contributed = (manifest?.contributes?.commands ?? []).map((c) => c.command).sort();
    assert.ok(contributed.length > 0, 'the manifest contributes no commands');
    const registered = (await vscode.commands.getCommands(true)).filter((c) => c.startsWith('fleetPower.')).sort();
    assert.deepEqual(registered, contributed);
  });

  it('lists Azure subscriptions and scale sets and Volcengine regions from the emulator when the view opens', async () => {
    await vscode.commands.executeCommand('workbench.view.extension.fleetPower');
    await vscode.commands.executeCommand('fleetPower.refresh');
    const subscriptions = await until('an authenticated GET /subscriptions', () => {
      const hits = emu.requests.where({ service: 'arm', method: 'GET' }).filter((r) => /^\/subscriptions\/?$/i.test(r.path));
      return hits.length > 0 ? hits : undefined;
    });
    assert.ok(subscriptions.every((r) => r.headers.authorization === '(present)'), 'a subscription list went out without a bearer token');
    assert.ok(subscriptions.some((r) => r.status === 200), `subscription list statuses: ${subscriptions.map((r) => r.status).join(', ')}`);
    const regions = await until('DescribeRegions', () => {
      const hits = emu.requests.where({ service: 'volc', operation: 'DescribeRegions' });
      return hits.length > 0 ? hits : undefined;
    });
    assert.ok(regions.some((r) => r.status === 200), `DescribeRegions statuses: ${regions.map((r) => r.status).join(', ')}`);
  });
});
