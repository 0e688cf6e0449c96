import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  AZURE_CLOUD, VOLCENGINE_CLOUD, EmptySelectionError, InMemoryJournal, OperationEngine, chunk, cloudProvider, dedupeTargets, groupByScope,
  isLoopbackHost, operationStatusOf, planBatches,
  type CloudProvider, type DriverOutcome, type OperationContext, type OperationDriver, type OperationEvent, type OperationRecordOf, type OperationTarget,
} from '../../src/fleet/index';

const t = (id: string, scope: string): OperationTarget => ({ id, label: id, scope });
const deallocate = (targets: OperationTarget[], hibernate = false) => ({ kind: 'azure.deallocate' as const, targets, options: { hibernate } });

/** The Azure provider with only the given drivers. */
function azureWith(...drivers: OperationDriver[]): CloudProvider[] {
  return [cloudProvider(AZURE_CLOUD, () => drivers)];
}

void describe('planner', () => {
  void test('groups by scope in first-seen order, case-insensitively, and batches by N', () => {
    const targets = [t('a1', 'A'), t('b1', 'B'), t('a2', 'a'), t('a3', 'A'), t('b2', 'B')];
    const groups = groupByScope(targets, (x) => x.scope);
    assert.deepEqual(groups.map((g) => [g.scope, g.items.map((i) => i.id)]), [['A', ['a1', 'a2', 'a3']], ['B', ['b1', 'b2']]]);
    const batches = planBatches(targets, 2);
    assert.deepEqual(batches.map((b) => [b.scope, b.index, b.items.map((i) => i.id)]), [
      ['A', 0, ['a1', 'a2']], ['A', 1, ['a3']], ['B', 0, ['b1', 'b2']],
    ]);
    assert.equal(planBatches(targets).length, 2, 'one batch per scope without a batch size');
  });

  void test('batches of 100 for 250 items, and duplicates are dropped', () => {
    const many = Array.from({ length: 250 }, (_, i) => t(`i-${i}`, 'r1'));
    assert.deepEqual(planBatches([...many, t('I-0', 'r1')], 100).map((b) => b.items.length), [100, 100, 50]);
    assert.deepEqual(dedupeTargets([t('x', 's'), t('X', 's'), t('y', 's')]).map((x) => x.id), ['x', 'y']);
    assert.throws(() => chunk([1], 0), RangeError);
  });
});

/** A driver whose steps the test controls. */
class ScriptedDriver implements OperationDriver<'azure.deallocate'> {
  readonly kind = 'azure.deallocate' as const;
  runs = 0;
  resumes = 0;
  release: (() => void) | undefined;
  constructor(private readonly mode: 'succeed' | 'throw' | 'waitForAbort' | 'partial') {}

  async run(record: OperationRecordOf<'azure.deallocate'>, ctx: OperationContext): Promise<DriverOutcome> {
    this.runs++;
    ctx.emit({ type: 'requested', action: 'deallocate', targets: record.targets.map((x) => x.id), parameters: { hibernate: record.options.hibernate }, http: { method: 'POST', url: 'https://arm/x/deallocate' } });
    ctx.setResume({ step: 'accepted', statusUrl: 'https://arm/op/1' });
    ctx.emit({ type: 'accepted', httpStatus: 202, requestId: 'req-1', statusUrl: 'https://arm/op/1' });
    if (this.mode === 'throw') throw new Error('driver bug');
    if (this.mode === 'waitForAbort') {
      await new Promise<void>((resolve) => ctx.signal.addEventListener('abort', () => resolve(), { once: true }));
      return { end: 'interrupted' };
    }
    ctx.emit({ type: 'progress', httpStatus: 200, status: 'Succeeded' });
    const [first, ...rest] = record.targets;
    if (first) ctx.setResult(first.id, { status: 'succeeded', finalState: 'deallocated' });
    for (const r of rest) ctx.setResult(r.id, { status: this.mode === 'partial' ? 'failed' : 'succeeded', code: 'X' });
    return this.mode === 'partial'
      ? { end: 'done', error: { cloud: 'azure', code: 'OperationNotAllowed', message: 'no', category: 'conflict' } }
      : { end: 'done' };
  }

  async resume(record: OperationRecordOf<'azure.deallocate'>, ctx: OperationContext): Promise<DriverOutcome> {
    this.resumes++;
    assert.deepEqual(record.resume, { step: 'accepted', statusUrl: 'https://arm/op/1' }, 'the driver gets its journaled state back');
    assert.equal(record.options.hibernate, true, 'typed options come back from the journal');
    ctx.emit({ type: 'progress', httpStatus: 200, status: 'Succeeded' });
    for (const x of record.targets) ctx.setResult(x.id, { status: 'succeeded', finalState: 'deallocated' });
    return Promise.resolve({ end: 'done' });
  }
}

function clock(): () => number {
  let now = 1000;
  return () => (now += 10);
}

void describe('OperationEngine', () => {
  void test('stamps events in order, reports each to listeners, computes duration, journals the outcome', async () => {
    const journal = new InMemoryJournal();
    let n = 0;
    const engine = new OperationEngine({ providers: azureWith(new ScriptedDriver('succeed')), journal, now: clock(), idFactory: () => `op-${++n}` });
    const seen: Array<[string, OperationEvent['type']]> = [];
    const sub = engine.onDidChange((r, e) => seen.push([r.id, e.type]));
    const { record, done } = engine.start(deallocate([t('vm1', 'ss'), t('vm2', 'ss'), t('VM1', 'ss')]));
    assert.equal(record.status, 'running');
    assert.equal(record.targets.length, 2, 'duplicate targets dropped');
    assert.deepEqual(engine.inFlight().map((r) => r.id), ['op-1']);
    const final = await done;
    await engine.flush();
    sub.dispose();
    assert.equal(final.status, 'succeeded');
    assert.deepEqual(final.events.map((e) => e.type), ['requested', 'accepted', 'progress', 'targetResult', 'targetResult', 'finished']);
    assert.deepEqual(seen.map(([, type]) => type), final.events.map((e) => e.type));
    const stamps = final.events.map((e) => e.at);
    assert.deepEqual([...stamps].sort((a, b) => a - b), stamps, 'timestamps are monotonic');
    const finished = final.events.at(-1);
    assert.ok(finished?.type === 'finished');
    assert.equal(finished.durationMs, (final.endedAt ?? 0) - final.startedAt);
    assert.ok(finished.durationMs > 0);
    assert.equal(final.results.vm1?.finalState, 'deallocated');
    assert.equal(final.resume, undefined, 'resume state dropped once finished');
    assert.deepEqual(engine.inFlight(), []);
    const stored = journal.load() as typeof final[];
    assert.equal(stored[0]?.status, 'succeeded');
    assert.equal(stored[0]?.events.length, final.events.length);
  });

  void test('an empty selection is refused before any driver runs', () => {
    const driver = new ScriptedDriver('succeed');
    const engine = new OperationEngine({ providers: azureWith(driver), journal: new InMemoryJournal() });
    assert.throws(() => engine.start(deallocate([])), EmptySelectionError);
    assert.throws(() => engine.start({ kind: 'volcengine.stopInstance', targets: [t('i-1', 'r')], options: { forceStop: false, stoppedMode: 'KeepCharging', dryRun: false, clientToken: 'fp-1' } }), /No provider/);
    assert.equal(driver.runs, 0);
  });

  void test('a provider that cannot give a driver refuses: every target is not sent, the operation failed', async () => {
    const engine = new OperationEngine({
      providers: [cloudProvider(AZURE_CLOUD, () => Promise.reject(Object.assign(new Error('Not signed in to Azure.'), { fix: 'signIn' })))],
      journal: new InMemoryJournal(),
    });
    const final = await engine.start(deallocate([t('a', 's'), t('b', 's')])).done;
    assert.equal(final.status, 'failed');
    assert.deepEqual(Object.values(final.results).map((r) => r.status), ['notSent', 'notSent']);
    assert.equal(final.error?.code, 'NotSignedIn');
    assert.equal(final.error?.category, 'authentication');
  });

  void test('a driver that throws still yields a failed outcome', async () => {
    const engine = new OperationEngine({ providers: azureWith(new ScriptedDriver('throw')), journal: new InMemoryJournal() });
    const final = await engine.start(deallocate([t('a', 's')])).done;
    assert.equal(final.status, 'failed');
    assert.equal(final.results.a?.status, 'failed');
    assert.equal(final.error?.code, 'InternalError');
    assert.match(final.error?.message ?? '', /driver bug/);
  });

  void test('partial outcomes keep the per-target results and the error', async () => {
    const engine = new OperationEngine({ providers: azureWith(new ScriptedDriver('partial')), journal: new InMemoryJournal() });
    const final = await engine.start(deallocate([t('a', 's'), t('b', 's')])).done;
    assert.equal(final.status, 'partial');
    assert.equal(final.results.a?.status, 'succeeded');
    assert.equal(final.results.b?.status, 'failed');
    assert.equal(final.error?.code, 'OperationNotAllowed');
  });

  void test('dispose keeps a running record journaled; a new engine on the same journal resumes it', async () => {
    const journal = new InMemoryJournal();
    const first = new OperationEngine({ providers: azureWith(new ScriptedDriver('waitForAbort')), journal });
    const { record, done } = first.start(deallocate([t('a', 's')], true));
    await new Promise((r) => setImmediate(r));
    await first.flush();
    first.dispose();
    const afterDispose = await done;
    assert.equal(afterDispose.status, 'running');
    const stored = journal.load() as typeof afterDispose[];
    assert.equal(stored[0]?.status, 'running');
    assert.deepEqual(stored[0]?.resume, { step: 'accepted', statusUrl: 'https://arm/op/1' });

    const driver = new ScriptedDriver('succeed');
    const second = new OperationEngine({ providers: azureWith(driver), journal });
    assert.deepEqual(second.inFlight().map((r) => r.id), [record.id]);
    await second.resumeAll();
    await second.flush();
    const resumed = second.get(record.id);
    assert.equal(driver.resumes, 1);
    assert.equal(driver.runs, 0, 'resume never re-sends the action');
    assert.equal(resumed?.status, 'succeeded');
    const types = resumed?.events.map((e) => e.type) ?? [];
    assert.deepEqual(types.slice(types.indexOf('resumed')), ['resumed', 'progress', 'targetResult', 'finished']);
    assert.equal((journal.load() as typeof afterDispose[])[0]?.status, 'succeeded');
  });

  void test('a journaled record whose provider cannot give a driver ends unknown instead of hanging', async () => {
    const journal = new InMemoryJournal([{
      id: 'op-x', kind: 'azure.powerOff', cloud: 'azure', targets: [t('vm-1', 'ss')], options: { skipShutdown: false }, status: 'running',
      startedAt: 1, events: [], results: { 'vm-1': { status: 'pending' } },
    }]);
    const engine = new OperationEngine({ providers: azureWith(), journal });
    await engine.resumeAll();
    assert.equal(engine.get('op-x')?.status, 'unknown', 'something may have been sent before the reload');
    assert.match(engine.get('op-x')?.error?.message ?? '', /No driver/);
  });

  void test('records of kinds no provider offers, or with unreadable options, are dropped from the journal', () => {
    const journal = new InMemoryJournal([
      { id: 'op-a', kind: 'aws.stop', cloud: 'aws', targets: [], options: {}, status: 'running', startedAt: 1, events: [], results: {} },
      { id: 'op-b', kind: 'volcengine.stopInstance', cloud: 'volcengine', targets: [t('i-1', 'r')], options: { stoppedMode: 'Sometimes', clientToken: 'x' }, status: 'running', startedAt: 1, events: [], results: {} },
      { id: 'op-c', kind: 'azure.deallocate', cloud: 'azure', targets: [t('vm', 's')], options: { hibernate: true }, status: 'succeeded', startedAt: 1, events: [], results: {} },
    ]);
    const engine = new OperationEngine({ providers: [cloudProvider(AZURE_CLOUD, () => []), cloudProvider(VOLCENGINE_CLOUD, () => [])], journal });
    assert.deepEqual(engine.list().map((r) => r.id), ['op-c']);
  });

  void test('keeps only the last N finished records', async () => {
    const journal = new InMemoryJournal();
    const engine = new OperationEngine({ providers: azureWith(new ScriptedDriver('succeed')), journal, maxRecords: 3 });
    for (let i = 0; i < 5; i++) await engine.start(deallocate([t(`vm${i}`, 's')])).done;
    await engine.flush();
    assert.equal(engine.list().length, 3);
    assert.equal(engine.list()[0]?.targets[0]?.id, 'vm4', 'newest first');
    assert.equal(journal.load().length, 3);
  });
});

void describe('journal written by 0.1.0', () => {
  void test('HTTP-shaped events become domain events; options are read by kind', () => {
    const journal = new InMemoryJournal([{
      id: 'op-old', kind: 'volcengine.stopInstance', cloud: 'volcengine', targets: [t('i-1', 'cn-beijing')],
      options: { forceStop: true, stoppedMode: 'StopCharging', dryRun: false, clientToken: 'fp-abc' }, status: 'succeeded', startedAt: 1, endedAt: 9,
      results: { 'i-1': { status: 'succeeded' } },
      events: [
        { at: 2, type: 'requested', method: 'GET', url: 'https://open.volcengineapi.com/?Action=StopInstance&Version=2020-04-01', targets: ['i-1'], options: { region: 'cn-beijing', clientToken: 'fp-abc' } },
        { at: 3, type: 'throttled', retryAfterSeconds: 0.5, code: 'FlowLimitExceeded' },
        { at: 4, type: 'retry', attempt: 2, reason: 'InternalError (HTTP 500)' },
        { at: 5, type: 'poll', httpStatus: 200, status: 'STOPPING:1' },
        { at: 6, type: 'bogus' },
      ],
    }]);
    const engine = new OperationEngine({ providers: [cloudProvider(VOLCENGINE_CLOUD, () => [])], journal });
    const record = engine.get('op-old');
    assert.ok(record?.kind === 'volcengine.stopInstance');
    assert.deepEqual(record.options, { forceStop: true, stoppedMode: 'StopCharging', dryRun: false, clientToken: 'fp-abc' });
    const [requested, waiting, retrying, progress] = record.events;
    assert.deepEqual(requested, { at: 2, type: 'requested', action: 'StopInstance', targets: ['i-1'], parameters: { region: 'cn-beijing', clientToken: 'fp-abc' } });
    assert.deepEqual(waiting, { at: 3, type: 'waiting', reason: 'throttled', waitSeconds: 0.5, askedByCloud: false, code: 'FlowLimitExceeded' });
    assert.deepEqual(retrying, { at: 4, type: 'retrying', attempt: 2, reason: 'InternalError (HTTP 500)' });
    assert.deepEqual(progress, { at: 5, type: 'progress', status: 'STOPPING:1' }, 'the HTTP 200 Volcengine never saw is dropped');
    assert.equal(record.events.length, 4, 'an event type this version does not know is dropped, not guessed at');
  });
});

void describe('shared rules', () => {
  void test('plain http only to loopback: localhost, 127/8, ::1 — never a name DNS could point elsewhere', () => {
    for (const host of ['localhost', 'LOCALHOST', '127.0.0.1', '127.8.9.10', '[::1]', '::1']) assert.equal(isLoopbackHost(host), true, host);
    for (const host of ['api.localhost', 'localhost.evil.example', '128.0.0.1', '10.0.0.1', '::2', '0.0.0.0', '']) assert.equal(isLoopbackHost(host), false, host);
  });

  void test('one status rule for every cloud', () => {
    assert.equal(operationStatusOf([]), 'unknown');
    assert.equal(operationStatusOf(['succeeded', 'succeeded']), 'succeeded');
    assert.equal(operationStatusOf(['checked']), 'checked');
    assert.equal(operationStatusOf(['succeeded', 'failed']), 'partial');
    assert.equal(operationStatusOf(['succeeded', 'unknown']), 'partial');
    assert.equal(operationStatusOf(['failed', 'unknown']), 'failed');
    assert.equal(operationStatusOf(['notSent', 'notSent']), 'failed');
    assert.equal(operationStatusOf(['canceled', 'canceled']), 'canceled');
    assert.equal(operationStatusOf(['canceled', 'unknown']), 'failed');
    assert.equal(operationStatusOf(['pending', 'unknown']), 'unknown');
  });
});
