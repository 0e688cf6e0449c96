/**
 * Journey 1: signed in through the Azure CLI, the Azure tree expands subscriptions → scale sets
 * → instances, each with its power state; Uniform and Flexible scale sets both list their
 * instances through the API that works for them, and a long list is read page by page.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { VsCodeSession } from '../harness';

void describe('journey 1: the Azure tree', () => {
  let s: VsCodeSession | undefined;
  before(async () => {
    s = await VsCodeSession.start({ journey: '01-azure-tree' });
  });
  after(async () => {
    await s?.shot('final').catch(() => undefined);
    await s?.stop();
  });

  void test('subscriptions → scale sets → instances with power-state labels', { timeout: 180_000 }, async () => {
    assert.ok(s);
    await s.openFleetPower();
    const azure = await s.expandPane('Azure Scale Sets');

    // Subscriptions: both enabled ones, and the disabled one marked as such.
    await s.row('Contoso Production', azure).waitFor();
    assert.match(await s.rowDescription('Contoso Production', azure), /3f2b6c1e-8a4d-4f0b-9c7e-5d1a2b3c4e5f/);
    assert.match(await s.rowDescription('Contoso Legacy (disabled)', azure), /^Disabled · /);
    await s.shot('subscriptions');

    // Scale sets with resource group, location, orchestration mode and "n/m running".
    await s.expand('Contoso Production', azure);
    await s.row('vmss-web', azure).waitFor();
    await s.expand('vmss-web', azure);
    // 24 instances: the last ones come from the second page of the list.
    await s.reveal('vmss-web_23', azure);
    assert.match(await s.rowDescription('vmss-web', azure), /rg-web-prod · eastus · Uniform · 17\/24 running/);
    assert.match(await s.rowDescription('vmss-web_0', azure), /^#0 · Running$/);
    assert.match(await s.rowDescription('vmss-web_10', azure), /^#10 · Stopped$/);
    assert.match(await s.rowDescription('vmss-web_12', azure), /^#12 · Deallocated$/);
    await s.shot('uniform-instances');

    await s.expand('vmss-api', azure);
    await s.reveal('vmss-api_5c6b7a89', azure);
    assert.match(await s.rowDescription('vmss-api', azure), /rg-web-prod · eastus · Flexible · 3\/6 running/);
    // The sample fleet plans maintenance on this one (journey 17 covers the markers).
    assert.match(await s.rowDescription('vmss-api_4f1c2a9e', azure), /^Running · maintenance pending: you can start it until /);
    assert.equal(await s.rowDescription('vmss-api_0d9e8f7a', azure), 'Stopped');
    assert.equal(await s.rowDescription('vmss-api_5c6b7a89', azure), 'Hibernated');
    assert.equal(await s.rowDescription('vmss-api_e1f2a3b4', azure), 'Deallocated');
    await s.reveal('vmss-api_5c6b7a89', azure);
    await s.shot('flexible-instances');

    // What the emulator received: every ARM call carried a bearer token from the Azure CLI
    // credential; the Uniform set was read through the VMSS VM list (two pages, with the
    // instance view), the Flexible one through virtualMachines filtered by scale set.
    const arm = s.emu.requests.where({ service: 'arm' });
    assert.ok(arm.length > 0);
    assert.ok(arm.every((r) => r.headers.authorization === '(present)'), 'an ARM request went out without a bearer token');
    const uniformLists = arm.filter((r) => r.method === 'GET' && /\/virtualMachineScaleSets\/vmss-web\/virtualMachines$/i.test(r.path));
    assert.ok(uniformLists.length >= 2, `expected the Uniform list to be read in pages, saw ${uniformLists.length} request(s)`);
    assert.ok(uniformLists.every((r) => r.status === 200));
    assert.ok(uniformLists.some((r) => r.query.$skiptoken !== undefined || Object.keys(r.query).some((k) => /skip/i.test(k))), 'no request followed the nextLink');
    const flexibleLists = arm.filter((r) => r.method === 'GET' && /\/providers\/Microsoft\.Compute\/virtualMachines$/i.test(r.path));
    assert.ok(flexibleLists.some((r) => (r.query.$filter ?? '').includes('vmss-api') && r.status === 200), 'the Flexible scale set was not listed through virtualMachines with a $filter');
    assert.equal(arm.filter((r) => /\/virtualMachineScaleSets\/vmss-api\/virtualMachines/i.test(r.path)).length, 0, 'the VMSS VM API was used for a Flexible scale set');
    assert.equal(arm.filter((r) => r.method === 'GET' && /\/instanceView$/i.test(r.path)).length, 0, 'power states were read one VM at a time');
    assert.equal(arm.filter((r) => r.method !== 'GET').length, 0, 'browsing the tree sent a request that changes something');

    // Listing and sign-in problems are written to the output channel: there must be none.
    const output = s.outputText();
    assert.doesNotMatch(output, /\[(error|warning)\]/, `the output channel reported a problem:\n${output}`);

    assert.deepEqual(s.leakedSecrets(), [], 'a credential reached the VS Code profile (logs, settings or state)');
  });
});
