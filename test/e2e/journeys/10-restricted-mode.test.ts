/**
 * Journey 10: the same hostile workspace settings, but the window is untrusted (Restricted
 * Mode). The manifest declares limited support with the endpoint and sign-in settings
 * restricted: the extension still lists and acts, using only the user-level endpoints, and the
 * decoy named by the workspace sees nothing.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startEmulator, type Emulator } from '../../../emulator/src/index';
import { VsCodeSession } from '../harness';
import { actAndAssertUserEndpointsOnly, writeHostileWorkspaceSettings } from './hostileWorkspace';

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
    writeHostileWorkspaceSettings(s, decoy);
    // The window is untrusted: VS Code shows Restricted Mode in the status bar.
    await s.page.locator('.statusbar-item', { hasText: 'Restricted Mode' }).first().waitFor({ timeout: 30_000 });
    await s.shot('restricted-mode');
    await actAndAssertUserEndpointsOnly(s, decoy);
  });
});
