/** The engine's stand-in drivers load the cloud layer only when an operation runs, and never throw. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { DriverOutcome, OperationContext, OperationDriver } from '../../src/fleet/driver';
import { InMemoryJournal } from '../../src/fleet/journal';
import { OperationEngine } from '../../src/fleet/engine';
import type { OperationKind, OperationRecord } from '../../src/fleet/model';
import { CachedDriverSource, lazyDrivers } from '../../src/ui/drivers';
import { UserFacingError } from '../../src/ui/settingsErrors';
import { PendingOperations } from '../../src/ui/tree/pending';

class RecordingDriver implements OperationDriver {
  readonly runs: string[] = [];
  constructor(readonly kind: OperationKind) {}
  run(record: OperationRecord, ctx: OperationContext): Promise<DriverOutcome> {
    this.runs.push(record.id);
    for (const t of record.targets) ctx.setResult(t.id, { status: 'succeeded' });
    return Promise.resolve({ status: 'succeeded' });
  }
  resume(record: OperationRecord, ctx: OperationContext): Promise<DriverOutcome> {
    return this.run(record, ctx);
  }
}

const target = [{ id: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/virtualMachineScaleSets/w/virtualMachines/0', label: 'w/0', scope: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/virtualMachineScaleSets/w' }];

void describe('lazy drivers', () => {
  void test('the cloud drivers are created on the first operation, once, and do the work', async () => {
    let created = 0;
    const real = new RecordingDriver('azure.powerOff');
    const azure = new CachedDriverSource(() => { created++; return Promise.resolve([real]); });
    const engine = new OperationEngine({ drivers: lazyDrivers(() => azure.get(), () => Promise.resolve([])), journal: new InMemoryJournal() });
    assert.equal(created, 0, 'nothing is loaded at activation');
    const first = await engine.start('azure.powerOff', target, { skipShutdown: false }).done;
    const second = await engine.start('azure.powerOff', target, { skipShutdown: true }).done;
    assert.equal(first.status, 'succeeded');
    assert.equal(second.status, 'succeeded');
    assert.equal(created, 1);
    assert.equal(real.runs.length, 2);
    engine.dispose();
  });

  void test('no credentials: the operation fails with an authentication error instead of throwing', async () => {
    const failing = new CachedDriverSource(() => Promise.reject(new UserFacingError('Not signed in to Azure.', 'signIn')));
    const engine = new OperationEngine({ drivers: lazyDrivers(() => failing.get(), () => Promise.resolve([])), journal: new InMemoryJournal() });
    const record = await engine.start('azure.deallocate', target, { hibernate: false }).done;
    assert.equal(record.status, 'failed');
    assert.equal(record.error?.category, 'authentication');
    assert.equal(record.error?.code, 'NotSignedIn');
    engine.dispose();
  });

  void test('a failed creation is not cached: the next operation tries again', async () => {
    let attempts = 0;
    const real = new RecordingDriver('volcengine.stopInstance');
    const source = new CachedDriverSource(() => (++attempts === 1 ? Promise.reject(new Error('no keys')) : Promise.resolve([real])));
    await assert.rejects(source.get());
    assert.deepEqual(await source.get(), [real]);
    assert.equal(attempts, 2);
  });
});

void describe('pending operations', () => {
  void test('marks and clears the nodes an operation is changing', () => {
    const pending = new PendingOperations();
    pending.mark(['a', 'b'], 'azure.deallocate');
    assert.equal(pending.get('a'), 'azure.deallocate');
    pending.clear(['a']);
    assert.equal(pending.get('a'), undefined);
    assert.equal(pending.get('b'), 'azure.deallocate');
  });
});
