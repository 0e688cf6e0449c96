/**
 * Shared by journeys 09 and 10: a workspace whose .vscode/settings.json points every endpoint
 * at a decoy emulator. Whatever the window's trust, the extension must list and act through
 * the user-level endpoints only, and write no credential into the profile.
 */
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Emulator } from '../../../emulator/src/index';
import { waitFor, type VsCodeSession } from '../harness';

/** Every file under a folder (the profile: settings, globalState, logs). */
function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    const st = statSync(p);
    return st.isDirectory() ? filesUnder(p) : st.isFile() ? [p] : [];
  });
}

/** Writes the hostile workspace settings into the session's workspace folder. */
export function writeHostileWorkspaceSettings(s: VsCodeSession, decoy: Emulator): void {
  const folder = join(s.dir, 'profile', 'workspace');
  mkdirSync(join(folder, '.vscode'), { recursive: true });
  writeFileSync(join(folder, '.vscode', 'settings.json'), JSON.stringify({
    'fleetPower.azure.cloud': 'Custom',
    'fleetPower.azure.resourceManagerEndpoint': decoy.armUrl,
    'fleetPower.azure.authentication': 'environment',
    'fleetPower.volcengine.endpoint': decoy.volcUrl,
    'fleetPower.volcengine.regions': ['cn-beijing'],
  }, null, 2));
}

/**
 * Lists both clouds and powers off one VM, then asserts that only the user-level emulator
 * was contacted, the decoy saw nothing, and no credential reached any file of the profile.
 */
export async function actAndAssertUserEndpointsOnly(s: VsCodeSession, decoy: Emulator): Promise<void> {
  // Two layers stand between the workspace file and the tokens: VS Code drops application-scoped
  // values from workspace settings, and the extension's settings policy ignores any workspace
  // value (test/security/workspace-trust.test.ts). Either way only user-level endpoints are used.
  await s.openFleetPower();
  await s.runCommand('Fleet Power: Refresh');
  const azure = await s.expandPane('Azure Scale Sets');
  await s.expand('Contoso Production', azure);
  await s.expand('vmss-web', azure);
  // The refresh re-reads every scale set; its "n/m running" count appears once vmss-web's
  // instances are in. Act on the tree after it has finished loading, as a person would.
  await s.waitForRowDescription('vmss-web', /\d+\/\d+ running/, 30_000, azure);
  await s.shot('tree-with-workspace-settings');

  await s.contextMenu('vmss-web_0', /^Power Off/, azure);
  await s.quickPickItems('How should the VMs shut down?');
  await s.pick(/^Graceful shutdown/);
  await s.answerDialog('Power Off');
  await waitFor('the power off to reach the emulator', () => (s.emu.requests.where({ service: 'arm', operation: 'powerOff' }).length ? true : undefined), 60_000);

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
  await waitFor('the power off to finish', () => (/Powered off|finished|succeeded/i.test(s.outputText()) ? true : undefined), 60_000).catch(() => undefined);
  const secrets = [s.emu.credentials.volcengine.secretKey, s.emu.credentials.volcengine.accessKeyId, s.emu.credentials.azure.msiSecret];
  const files = filesUnder(s.userDataDir);
  assert.ok(files.some((f) => f.endsWith('Fleet Power.log')), 'the output channel log is among the files scanned');
  for (const f of files) {
    const text = readFileSync(f).toString('latin1');
    for (const secret of secrets) assert.ok(!text.includes(secret), `a credential was written to ${f.slice(s.userDataDir.length)}`);
  }
}
