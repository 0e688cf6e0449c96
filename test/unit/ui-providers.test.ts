/**
 * The engine's providers load each cloud's drivers only when an operation runs, once, and a
 * failure to load them (not signed in) becomes the operation's outcome, never a throw.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { AZURE_CLOUD, VOLCENGINE_CLOUD } from '../../src/fleet/clouds';
import type { DriverOutcome, OperationContext, OperationDriver } from '../../src/fleet/driver';
import { OperationEngine } from '../../src/fleet/engine';
import { InMemoryJournal } from '../../src/fleet/journal';
import type { OperationKind, OperationRecord } from '../../src/fleet/model';
import { cloudProvider } from '../../src/fleet/provider';
import { DriverCache } from '../../src/ui/clouds/driverCache';
import { UserFacingError } from '../../src/ui/settingsErrors';
import { PendingOperations } from '../../src/ui/tree/pending';

class RecordingDriver implements OperationDriver {
  readonly runs: string[] = [];
  constructor(readonly kind: OperationKind) {}
  run(record: OperationRecord, ctx: OperationContext): Promise<DriverOutcome> {
    this.runs.push(record.id);
    for (const t of record.targets) ctx.setResult(t.id, { status: 'succeeded' });
    return Promise.resolve({ end: 'done' });
  }
  resume(record: OperationRecord, ctx: OperationContext): Promise<DriverOutcome> {
    return this.run(record, ctx);
  }
}

const vm = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/virtualMachineScaleSets/w/virtualMachines/0';
const targets = [{ id: vm, label: 'w/0', scope: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/virtualMachineScaleSets/w' }];

function engineWith(azure: DriverCache, volcengine = new DriverCache(() => [])): OperationEngine {
  return new OperationEngine({
    providers: [cloudProvider(AZURE_CLOUD, () => azure.get()), cloudProvider(VOLCENGINE_CLOUD, () => volcengine.get())],
    journal: new InMemoryJournal(),
  });
}

void describe('cloud providers with cached drivers', () => {
  void test('the cloud drivers are created on the first operation, once, and do the work', async () => {
    let created = 0;
    const real = new RecordingDriver('azure.powerOff');
    const engine = engineWith(new DriverCache(() => { created++; return Promise.resolve([real]); }));
    assert.equal(created, 0, 'nothing is loaded at activation');
    const first = await engine.start({ kind: 'azure.powerOff', targets, options: { skipShutdown: false } }).done;
    const second = await engine.start({ kind: 'azure.powerOff', targets, options: { skipShutdown: true } }).done;
    assert.equal(first.status, 'succeeded');
    assert.equal(second.status, 'succeeded');
    assert.equal(created, 1);
    assert.equal(real.runs.length, 2);
    engine.dispose();
  });

  void test('no credentials: the operation fails with an authentication error and nothing sent, instead of throwing', async () => {
    const engine = engineWith(new DriverCache(() => Promise.reject(new UserFacingError('Not signed in to Azure.', 'signIn'))));
    const record = await engine.start({ kind: 'azure.deallocate', targets, options: { hibernate: false } }).done;
    assert.equal(record.status, 'failed');
    assert.equal(record.error?.category, 'authentication');
    assert.equal(record.error?.code, 'NotSignedIn');
    assert.equal(record.results[vm]?.status, 'notSent');
    engine.dispose();
  });

  void test('a failed creation is not cached, and reset() makes new drivers', async () => {
    let attempts = 0;
    const real = new RecordingDriver('volcengine.stopInstance');
    const cache = new DriverCache(() => (++attempts === 1 ? Promise.reject(new Error('no keys')) : Promise.resolve([real])));
    await assert.rejects(cache.get());
    assert.deepEqual(await cache.get(), [real]);
    await cache.get();
    assert.equal(attempts, 2);
    cache.reset();
    await cache.get();
    assert.equal(attempts, 3);
  });

  void test('a DryRun is not shown as changing the nodes; a real stop and the Azure operations are', () => {
    const engine = engineWith(new DriverCache(() => []));
    const stop = (dryRun: boolean): OperationRecord => ({
      id: 'op', kind: 'volcengine.stopInstance', cloud: 'volcengine', targets: [], status: 'running', startedAt: 0, events: [], results: {},
      options: { dryRun, forceStop: false, stoppedMode: 'KeepCharging', clientToken: 'fp-1' },
    });
    assert.equal(engine.changesState(stop(true)), false);
    assert.equal(engine.changesState(stop(false)), true);
    assert.equal(engine.changesState({ id: 'op', kind: 'azure.powerOff', cloud: 'azure', targets: [], status: 'running', startedAt: 0, events: [], results: {}, options: { skipShutdown: true } }), true);
    engine.dispose();
  });
});

void describe('pending operations', () => {
  void test('marks and clears the nodes an operation is changing', () => {
    const pending = new PendingOperations(VOLCENGINE_CLOUD);
    pending.mark(['a', 'b'], 'azure.deallocate');
    assert.equal(pending.get('a'), 'azure.deallocate');
    pending.clear(['a']);
    assert.equal(pending.get('a'), undefined);
    assert.equal(pending.get('b'), 'azure.deallocate');
  });

  void test('an ARM id marked in one casing is pending in any casing', () => {
    const pending = new PendingOperations(AZURE_CLOUD);
    pending.mark([vm.replace('resourceGroups/rg', 'resourceGroups/RG')], 'azure.powerOff');
    assert.equal(pending.get(vm), 'azure.powerOff');
    pending.clear([vm.toUpperCase()]);
    assert.equal(pending.get(vm), undefined);
  });
});
