/**
 * Journey 10: the same hostile workspace settings, but the window is untrusted (Restricted
 * Mode). The manifest declares limited support with the endpoint and sign-in settings
 * restricted: the extension still lists and acts, using only the user-level endpoints, and the
 * decoy named by the workspace sees nothing.
 */
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startEmulator, type Emulator } from '../../../emulator/src/index';
import { VsCodeSession, waitFor } from '../harness';

/** Every file under a folder (the profile: settings, globalState, logs). */
function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    const st = statSync(p);
    return st.isDirectory() ? filesUnder(p) : st.isFile() ? [p] : [];
  });
}

void describe('journey 10: restricted mode (untrusted workspace)', () => {
  let s: VsCodeSession | undefined;
  let decoy: Emulator | undefined;
  before(async () => {
    decoy = await startEmulator();
    process.env.FLEET_POWER_E2E_WORKSPACE_TRUST = '1';
    s = await VsCodeSession.start({
      journey: '10-restricted-mode', transitionMs: 300, retryAfterSeconds: 0,
      settings: { 'security.workspace.trust.enabled': true, 'security.workspace.trust.startupPrompt': 'never', 'security.workspace.trust.emptyWindow': false, 'security.workspace.trust.banner': 'never' },
    });
  });
  after(async () => {
    Reflect.deleteProperty(process.env, 'FLEET_POWER_E2E_WORKSPACE_TRUST');
    await s?.shot('final').catch(() => undefined);
    await s?.stop();
    await decoy?.stop();
  });

  void test('in Restricted Mode the extension works with user-level endpoints only', { timeout: 180_000 }, async () => {
    assert.ok(s && decoy);
    const folder = join(s.dir, 'profile', 'workspace');
    mkdirSync(join(folder, '.vscode'), { recursive: true });
    writeFileSync(join(folder, '.vscode', 'settings.json'), JSON.stringify({
      'fleetPower.azure.cloud': 'Custom',
      'fleetPower.azure.resourceManagerEndpoint': decoy.armUrl,
      'fleetPower.azure.authentication': 'environment',
      'fleetPower.volcengine.endpoint': decoy.volcUrl,
      'fleetPower.volcengine.regions': ['cn-beijing'],
    }, null, 2));

    // Two layers stand between this file and the tokens: VS Code drops application-scoped values
    // from workspace settings, and the extension's settings policy ignores any workspace value
    // (test/security/workspace-trust.test.ts). Either way only the user-level endpoints may be used.
    // The window is untrusted: VS Code shows Restricted Mode in the status bar.
    await s.page.locator('.statusbar-item', { hasText: 'Restricted Mode' }).first().waitFor({ timeout: 30_000 });
    await s.shot('restricted-mode');
    await s.openFleetPower();
    await s.runCommand('Fleet Power: Refresh');
    const azure = await s.expandPane('Azure Scale Sets');
    await s.expand('Contoso Production', azure);
    await s.expand('vmss-web', azure);
    await s.shot('tree-with-workspace-settings');

    await s.contextMenu('vmss-web_0', /^Power Off/, azure);
    await s.quickPickItems('How should the VMs shut down?');
    await s.pick(/^Graceful shutdown/);
    await s.answerDialog('Power Off');
    await waitFor('the power off to reach the emulator', () => (s?.emu.requests.where({ service: 'arm', operation: 'powerOff' }).length ? true : undefined), 60_000);

    const volc = await s.expandPane('Volcengine ECS');
    await s.expand(/Beijing/, volc);
    await s.shot('volcengine-with-workspace-settings');

    const powerOffs = s.emu.requests.where({ service: 'arm', operation: 'powerOff' });
    assert.equal(powerOffs.length, 1);
    assert.match(powerOffs[0]?.path ?? '', /\/vmss-web\/virtualMachines\/0\/powerOff$/i);
    assert.ok(s.emu.requests.where({ service: 'volc' }).length > 0, 'the Volcengine view read from the user-level endpoint');
    assert.deepEqual(decoy.requests.all().map((r) => `${r.method} ${r.path}`), [], 'the workspace endpoint was never contacted');

    // Secret canary in the real window: the key pair and the identity secret the extension host
    // received are in no file it wrote (settings, globalState, logs, the output channel).
    await waitFor('the power off to finish', () => (/Powered off|finished|succeeded/i.test(s?.outputText() ?? '') ? true : undefined), 60_000).catch(() => undefined);
    const secrets = [s.emu.credentials.volcengine.secretKey, s.emu.credentials.volcengine.accessKeyId, s.emu.credentials.azure.msiSecret];
    const files = filesUnder(s.userDataDir);
    assert.ok(files.some((f) => f.endsWith('Fleet Power.log')), 'the output channel log is among the files scanned');
    for (const f of files) {
      const text = readFileSync(f).toString('latin1');
      for (const secret of secrets) assert.ok(!text.includes(secret), `a credential was written to ${f.slice(s.userDataDir.length)}`);
    }
  });
});
