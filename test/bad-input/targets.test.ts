/**
 * Targets the tree never builds but the palette and the journal can carry: Uniform ids written
 * two ways ("7" and "07"), Flexible VMs claimed for a scale set that does not list them, and
 * targets refused before anything was sent, which must end as "not sent" rather than pending
 * or failed.
 */
import { after, before, describe } from 'node:test';
import assert from 'node:assert/strict';
import type { TokenCredential } from '@azure/core-auth';
import { armActions, startFleet, type FleetHarness } from '../faults/support/fleet';
import { scenario, useProbe } from '../faults/support/results';
import { createAzureFleetClient, createAzureProvider } from '../../src/cloud/azure/index';
import { InMemoryJournal, OperationEngine, type OperationTarget } from '../../src/fleet/index';

let h: FleetHarness;

before(async () => {
  h = await startFleet();
  useProbe(h.probe());
});

after(async () => {
  await h.stop();
});

const POSTS = (seq: number) => h.since(seq, (r) => r.service === 'arm' && r.method === 'POST');

void describe('crafted targets', () => {
  scenario('bad input: targets', 'azure', 'Uniform "7" and "07" are one VM: one target, one instance sent, one effect', async () => {
    const [seven] = await h.azureTargets('vmss-web', ['7']);
    assert.ok(seven);
    h.emu.control.azure.setPowerState(seven.id, 'running');
    const padded: OperationTarget = { ...seven, id: seven.id.replace(/\/7$/, '/07'), label: 'vmss-web/07' };
    const m = h.mark();
    const record = await h.run('azure.deallocate', [seven, padded], { hibernate: false });
    assert.equal(record.targets.length, 1, 'the engine keeps one of them');
    assert.equal(record.status, 'succeeded');
    const actions = armActions(h.since(m));
    assert.equal(actions.length, 1);
    const body = actions[0]?.body as { instanceIds?: string[] } | undefined;
    assert.ok(/virtualmachines\/7\/deallocate$/i.test(actions[0]?.path ?? '') || JSON.stringify(body?.instanceIds) === '["7"]', `${actions[0]?.path} ${JSON.stringify(body)}`);
    return { requests: h.since(m).length };
  });

  scenario('bad input: targets', 'azure', 'a padded Uniform id alone is sent in its canonical form', async () => {
    const [eight, nine] = await h.azureTargets('vmss-web', ['8', '9']);
    assert.ok(eight && nine);
    for (const t of [eight, nine]) h.emu.control.azure.setPowerState(t.id, 'running');
    const m = h.mark();
    const record = await h.run('azure.deallocate', [{ ...eight, id: eight.id.replace(/\/8$/, '/0008') }, nine], { hibernate: false });
    assert.equal(record.status, 'succeeded', JSON.stringify(record.results));
    const body = armActions(h.since(m))[0]?.body as { instanceIds?: string[] } | undefined;
    assert.deepEqual(body?.instanceIds, ['8', '9']);
    return { requests: h.since(m).length };
  });

  scenario('bad input: targets', 'azure', 'a real Flexible VM claimed for a scale set that does not list it: refused, not sent', async () => {
    const [vm] = await h.azureTargets('vmss-api', ['vmss-api_7b3d5e10']);
    assert.ok(vm);
    const crafted: OperationTarget = { ...vm, scope: vm.scope.replace(/vmss-api$/, 'vmss-other') };
    const m = h.mark();
    const record = await h.run('azure.powerOff', [crafted], { skipShutdown: false });
    assert.equal(record.status, 'failed');
    assert.equal(record.results[vm.id]?.status, 'notSent');
    assert.equal(record.results[vm.id]?.code, 'TargetOutsideScaleSet');
    assert.deepEqual(POSTS(m), [], 'nothing was sent');
    return { requests: h.since(m).length };
  });

  scenario('bad input: targets', 'azure', 'a Flexible VM its scale set does not have: refused before any action', async () => {
    const [vm] = await h.azureTargets('vmss-api', ['vmss-api_7b3d5e10']);
    assert.ok(vm);
    const made: OperationTarget = { ...vm, id: vm.id.replace(/vmss-api_7b3d5e10$/, 'vmss-api_deadbeef'), label: 'vmss-api_deadbeef' };
    const m = h.mark();
    const record = await h.run('azure.deallocate', [made], { hibernate: false });
    assert.equal(record.results[made.id]?.status, 'notSent');
    assert.deepEqual(POSTS(m), []);
    return { requests: h.since(m).length };
  });

  scenario('bad input: targets', 'azure', 'no token for the action: the target ends "not sent", not pending or failed', async () => {
    const [vm] = await h.azureTargets('vmss-dev', ['2']);
    assert.ok(vm);
    const noToken: TokenCredential = {
      getToken: () => Promise.reject(Object.assign(new Error('Azure CLI could not be found.'), { name: 'CredentialUnavailableError' })),
    };
    const azure = createAzureFleetClient({ endpoint: h.emu.armUrl, scope: `${h.emu.armUrl}/.default`, credential: noToken, pollIntervalMs: 20 });
    const engine = new OperationEngine({ providers: [createAzureProvider(azure, { pollIntervalMs: 20 })], journal: new InMemoryJournal() });
    h.track(engine);
    const m = h.mark();
    const record = await engine.start({ kind: 'azure.powerOff', targets: [vm], options: { skipShutdown: false } }).done;
    engine.dispose();
    h.records.push(record);
    assert.equal(record.results[vm.id]?.status, 'notSent', JSON.stringify(record.results));
    assert.equal(record.status, 'failed');
    assert.deepEqual(POSTS(m), []);
    return { requests: h.since(m).length, shown: [record] };
  });

  scenario('bad input: targets', 'volcengine', 'ids that cannot be instance ids end "not sent"; the valid one goes ahead', async () => {
    const ok = 'i-bj01a0000000000004';
    h.emu.control.volcengine.setStatus(ok, 'RUNNING');
    const m = h.mark();
    const record = await h.run('volcengine.stopInstance', h.volcTargets('cn-beijing', ['../etc', ok]), h.stopOptions());
    assert.equal(record.results['../etc']?.status, 'notSent');
    assert.equal(record.results[ok]?.status, 'succeeded');
    assert.equal(record.status, 'partial');
    return { requests: h.since(m).length };
  });
});
