/**
 * Journey 9: a workspace tries to redirect credentials. Its `.vscode/settings.json` points the
 * ARM and Volcengine endpoints (and the cloud and sign-in settings) at another local server
 * that would record anything sent to it. The extension keeps talking to the user-level
 * endpoints only: the operation lands on the emulator, the decoy sees nothing at all.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startEmulator, type Emulator } from '../../../emulator/src/index';
import { VsCodeSession } from '../harness';
import { actAndAssertUserEndpointsOnly, writeHostileWorkspaceSettings } from './hostileWorkspace';

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
    writeHostileWorkspaceSettings(s, decoy);
    await actAndAssertUserEndpointsOnly(s, decoy);
  });
});
