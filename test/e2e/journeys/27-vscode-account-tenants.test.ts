/**
 * Journey 27: the VS Code account path through VS Code's own authentication API. A test-only
 * extension (fixtures/test-auth-provider) registers the Microsoft provider ids in this profile,
 * whose built-in microsoft-authentication is left out, and issues sessions per VSCODE_TENANT:
 * scope from the emulator's sign-in endpoints; Northwind's policy asks for MFA, so no silent
 * session exists for it. With `authentication: vscode`: after the first sign-in, Contoso's and
 * Fabrikam's subscriptions list and Northwind shows "sign in required"; its Sign In brings its
 * subscription in; a power off in Contoso (which enforces MFA for actions) meets a claims
 * challenge, leads to one re-sign-in, and exactly one request is accepted.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { MULTI_TENANT, multiTenantFleet, startEmulator } from '../../../emulator/src/index';
import { builtinExtensionsWithout, packTestAuthProvider } from '../fixtures/testAuthProvider';
import { artifactsRoot, type Emulator, VsCodeSession, waitFor } from '../harness';

const JOURNEY = '27-vscode-account-tenants';
const AUTH_LOG = join(artifactsRoot, JOURNEY, 'auth-provider.log');
const { tenants } = MULTI_TENANT;

interface AuthLogEntry { event: string; provider?: string; tenant?: string; outcome?: string; mfa?: boolean; builtInMicrosoftAuthentication?: string }

function authLog(): AuthLogEntry[] {
  if (!existsSync(AUTH_LOG)) return [];
  return readFileSync(AUTH_LOG, 'utf8').split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as AuthLogEntry);
}

const interactive = (tenant: string) => authLog().filter((e) => e.event === 'createSession' && e.tenant === tenant);

void describe('journey 27: the VS Code account across tenants', () => {
  let s: VsCodeSession | undefined;
  let emu: Emulator | undefined;
  before(async () => {
    emu = await startEmulator({ fleet: multiTenantFleet(), transitionMs: 4000, retryAfterSeconds: 1 });
    const provider = packTestAuthProvider(join(artifactsRoot, '.test-auth-provider'));
    const builtin = builtinExtensionsWithout(join(artifactsRoot, '.builtin-without-microsoft-authentication'), ['microsoft-authentication']);
    // code-server hands its environment to the extension host, where the test provider reads it.
    process.env.FLEET_TEST_AUTH_LOG = AUTH_LOG;
    s = await VsCodeSession.start({
      journey: JOURNEY, emulator: emu, extraExtensions: [provider], builtinExtensionsDir: builtin,
      settings: { 'fleetPower.azure.authentication': 'vscode' },
    });
  });
  after(async () => {
    await s?.shot('final').catch(() => undefined);
    await s?.stop();
    await emu?.stop();
  });

  void test('two tenants list, the third says sign in required until its Sign In; a claims challenge leads to one re-sign-in and one accepted request', { timeout: 300_000 }, async () => {
    assert.ok(s && emu);
    await s.openFleetPower();
    const azure = await s.expandPane('Azure Scale Sets');

    // Signed out until Fleet Power may use the account: the welcome's Sign In asks VS Code.
    const signIn = azure.getByRole('button', { name: 'Sign In to Azure' });
    await signIn.waitFor({ timeout: 60_000 });
    await s.shot('signed-out');
    assert.deepEqual(authLog().filter((e) => e.event === 'activate').map((e) => e.builtInMicrosoftAuthentication), ['absent'], "VS Code's own Microsoft sign-in is in the profile");
    await signIn.click();
    assert.match(await s.dialogText(), /The extension 'Fleet Power' wants to sign in using Microsoft Sovereign Cloud\./);
    await s.shot('allow-account');
    await s.answerDialog('Allow');

    // Every tenant listed with its own token; Northwind has no silent session.
    await s.row('Contoso Production', azure).waitFor({ timeout: 60_000 });
    await s.row('Fabrikam Retail', azure).waitFor();
    await s.row('Woodgrove Bank (delegated)', azure).waitFor();
    const northwind = 'Northwind Traders (northwind.onmicrosoft.com)';
    assert.equal(await s.rowDescription(northwind, azure), 'sign in required');
    assert.equal(await s.row('Northwind Analytics', azure).count(), 0);
    await s.shot('northwind-sign-in-required');
    const refused = authLog().filter((e) => e.event === 'getSessions' && e.tenant === tenants.northwind && e.outcome === 'refused');
    assert.ok(refused.length >= 1, 'the provider was never asked for a silent Northwind session');
    assert.ok(authLog().filter((e) => e.event === 'getSessions').every((e) => e.provider === 'microsoft-sovereign-cloud'), 'a Custom cloud signs in through the sovereign-cloud provider');
    const listings = emu.requests.where({ service: 'arm', operation: 'listSubscriptions' });
    assert.equal(listings.length >= 2, true);
    assert.deepEqual(emu.requests.where({ service: 'arm' }).filter((r) => r.status === 401), [], 'a request went out with a token of the wrong tenant');

    // Sign In on the tenant's node: an interactive sign-in to that tenant only.
    await s.contextMenu(northwind, 'Sign In to Tenant…', azure);
    assert.match(await s.dialogText(), /wants to sign in using Microsoft Sovereign Cloud/);
    await s.answerDialog('Allow');
    await s.row('Northwind Analytics', azure).waitFor({ timeout: 60_000 });
    await waitFor('the tenant node to go', async () => ((await s?.row(northwind, azure).count()) === 0 ? true : undefined));
    assert.equal(interactive(tenants.northwind).length, 1);
    assert.equal(interactive(tenants.northwind)[0]?.mfa, true);
    await s.shot('northwind-signed-in');

    // A power off in Contoso: ARM answers the token without MFA with a claims challenge.
    await s.expand('Contoso Production', azure);
    await s.expand('vmss-web', azure);
    assert.equal(await s.rowDescription('vmss-web_0', azure), '#0 · Running');
    await s.contextMenu('vmss-web_0', /^Power Off/, azure);
    await s.quickPickItems('How should the VMs shut down?');
    await s.pick(/^Graceful shutdown/);
    assert.match(await s.dialogText(), /Power off vmss-web\/0\?/);
    await s.answerDialog('Power Off');
    const again = await s.dialogText();
    assert.match(again, /The extension 'Fleet Power' wants you to sign in again using Microsoft Sovereign Cloud\./);
    assert.match(again, /multi-factor authentication/);
    await s.shot('sign-in-again');
    await s.answerDialog('Allow');
    await s.waitForRowDescription('vmss-web_0', /^#0 · Stopped$/, 90_000, azure);
    await s.shot('stopped');

    const powerOffs = emu.requests.where({ service: 'arm', operation: 'powerOff' });
    assert.deepEqual(powerOffs.map((r) => r.status), [401, 202], 'refused once for the claims, then accepted once');
    assert.equal(emu.azureEffects().filter((e) => e.action === 'powerOff').length, 1, 'the power off took effect once');
    assert.equal(interactive(tenants.contoso).length, 1, 'one re-sign-in for Contoso');
    assert.equal(interactive(tenants.contoso)[0]?.mfa, true);
    assert.equal(emu.state().azure.subscriptions[0]?.resourceGroups[0]?.scaleSets[0]?.instances[0]?.powerState, 'stopped');

    const output = await s.waitForOutput(/Power off vmss-web\/0: succeeded/);
    assert.match(output, /claims challenge/);
    assert.match(output, /Northwind Traders \(northwind\.onmicrosoft\.com\) needs an interactive sign-in/);
    await s.showOutputPanel();
    await s.shot('output');
    assert.deepEqual(s.leakedSecrets(), [], 'a credential reached the VS Code profile (logs, settings or state)');
  });
});
