/**
 * Journey 28: the Azure CLI across tenants. Every tenant's subscriptions list with a token asked
 * for with `az account get-access-token --tenant` (the emulator's request log shows each tenant);
 * Northwind, whose policy asks for MFA, shows "sign in required", and its Sign In names the
 * `az login --tenant …` line; Select Subscriptions groups the subscriptions under their tenants.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { MULTI_TENANT, multiTenantFleet, startEmulator } from '../../../emulator/src/index';
import { type Emulator, VsCodeSession } from '../harness';

const { tenants } = MULTI_TENANT;

void describe('journey 28: the Azure CLI across tenants', () => {
  let s: VsCodeSession | undefined;
  let emu: Emulator | undefined;
  before(async () => {
    emu = await startEmulator({ fleet: multiTenantFleet() });
    s = await VsCodeSession.start({ journey: '28-azure-cli-tenants', emulator: emu });
  });
  after(async () => {
    await s?.shot('final').catch(() => undefined);
    await s?.stop();
    await emu?.stop();
  });

  void test('tenants list through az --tenant; the one that needs MFA says how to sign in; Select Subscriptions is grouped by tenant', { timeout: 240_000 }, async () => {
    assert.ok(s && emu);
    await s.openFleetPower();
    const azure = await s.expandPane('Azure Scale Sets');
    await s.row('Contoso Production', azure).waitFor({ timeout: 60_000 });
    await s.row('Fabrikam Retail', azure).waitFor();
    const northwind = 'Northwind Traders (northwind.onmicrosoft.com)';
    assert.equal(await s.rowDescription(northwind, azure), 'sign in required');
    await s.shot('tenants');

    const asked = emu.requests.where({ service: 'login', operation: 'token' }).map((r) => r.path.split('/')[1]);
    for (const tenant of [tenants.contoso, tenants.fabrikam, tenants.northwind]) assert.ok(asked.includes(tenant), `az was never asked for --tenant ${tenant}`);
    assert.deepEqual(emu.requests.where({ service: 'arm' }).filter((r) => r.status === 401), [], 'a request went out with a token of the wrong tenant');

    await s.contextMenu(northwind, 'Sign In to Tenant…', azure);
    const toast = await s.toastText(/az login --tenant/);
    assert.match(toast, new RegExp(`Run "az login --tenant ${tenants.northwind}" in a terminal, then refresh the view\\.`));
    await s.toast(/az login --tenant/).hover();
    await s.page.waitForTimeout(500); // the toast slides in
    await s.shot('az-login-tenant');
    await s.closeToasts();

    await s.runCommand('Azure Scale Sets: Select Subscriptions…');
    await s.quickPickItems('Subscriptions to show in the Azure Scale Sets view');
    // VS Code shows a separator's label on the first row of its group, with a line above it.
    const rows = (await s.quickInput().locator('.quick-input-list .monaco-list-row').allInnerTexts()).map((r) => r.replace(/\s+/g, ' '));
    assert.equal(rows.length, 3, rows.join('\n'));
    assert.ok(rows[0]?.includes('Contoso Production') && rows[0].includes('Contoso (contoso.onmicrosoft.com)'), rows.join('\n'));
    assert.ok(rows[1]?.includes('Woodgrove Bank (delegated)') && rows[1].includes('Delegated from tenant') && !rows[1].includes('(contoso.onmicrosoft.com)'), rows.join('\n'));
    assert.ok(rows[2]?.includes('Fabrikam Retail') && rows[2].includes('Fabrikam (fabrikam.onmicrosoft.com)'), rows.join('\n'));
    await s.shot('select-subscriptions');
    await s.dismissQuickPick();
    assert.deepEqual(s.leakedSecrets(), [], 'a credential reached the VS Code profile (logs, settings or state)');
  });
});
