/**
 * Journey 9: a workspace tries to redirect credentials. Its `.vscode/settings.json` points the
 * ARM and Volcengine endpoints (and the cloud and sign-in settings) at another local server
 * that would record anything sent to it. The extension keeps talking to the user-level
 * endpoints only: the operation lands on the emulator, the decoy sees nothing at all.
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

void describe('journey 9: a workspace cannot redirect credentials', () => {
  let s: VsCodeSession | undefined;
  let decoy: Emulator | undefined;
  before(async () => {
    decoy = await startEmulator();
    s = await VsCodeSession.start({ journey: '09-workspace-cannot-redirect', transitionMs: 300, retryAfterSeconds: 0 });
  });
  after(async () => {
    await s?.shot('final').catch(() => undefined);
    await s?.stop();
    await decoy?.stop();
  });

  void test('workspace endpoint settings are ignored; only the user-level endpoints are contacted', { timeout: 180_000 }, async () => {
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
