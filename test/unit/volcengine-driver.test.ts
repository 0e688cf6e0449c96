/**
 * The StopInstance driver's decisions that the emulator cannot easily provoke (an instance that
 * never stops, reads that keep failing, an instance that vanishes, shutdown mid-wait), with a
 * scripted client behind our own VolcengineClient interface and a virtual clock.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import type { DriverOutcome, EventInput, OperationContext } from '../../src/fleet/driver';
import { operationStatusOf, parseVolcengineEndpoint, VOLCENGINE_CLOUD } from '../../src/fleet';
import type {
  CloudErrorInfo, EcsInstance, EcsStatus, OperationRecordOf, OperationStatus, StopInstanceOptions, TargetResult, TargetStatus,
} from '../../src/fleet/model';
import {
  createStopInstanceDriver, VolcengineCredentialsError, VolcengineError,
  type VolcengineClient, type VolcengineDriverOptions,
} from '../../src/cloud/volcengine';

interface Script {
  /** Status sequence per instance for successive DescribeInstances reads; the last repeats. Missing id = not returned. */
  statuses: Record<string, EcsStatus[]>;
  /** DescribeInstances reads that throw (by read number, 1-based). */
  failReads?: Set<number> | 'all';
  /** StopInstance reports one throttled attempt (as the transport would) before it answers. */
  throttleStop?: boolean;
}

function fakeClient(script: Script) {
  const calls: string[] = [];
  let reads = 0;
  const readCount: Record<string, number> = {};
  const client: VolcengineClient = {
    endpoint: parseVolcengineEndpoint(undefined),
    listRegions: () => Promise.resolve([{ regionId: 'cn-beijing' }]),
    listInstances: (regionId, filter) => {
      reads++;
      calls.push(`DescribeInstances:${regionId}:${(filter?.instanceIds ?? []).join(',')}`);
      if (script.failReads === 'all' || script.failReads?.has(reads)) {
        return Promise.reject(new VolcengineError({ code: 'InternalError', message: 'An internal error has occurred.', httpStatus: 500 }));
      }
      const out: EcsInstance[] = [];
      for (const id of filter?.instanceIds ?? []) {
        const seq = script.statuses[id];
        if (!seq) continue;
        const n = readCount[id] ?? 0;
        readCount[id] = n + 1;
        const status = seq[Math.min(n, seq.length - 1)] ?? 'UNKNOWN';
        out.push({ instanceId: id, name: id, regionId, zoneId: `${regionId}-a`, status, instanceTypeId: 'ecs.g3i.large', chargeType: 'PostPaid' });
      }
      return Promise.resolve(out);
    },
    instanceAction: (regionId, action, r, hooks) => {
      if (script.throttleStop) hooks?.onThrottled?.({ waitMs: 500, askedByCloud: false, attempt: 1, code: 'FlowLimitExceeded', requestId: 'REQ-T' });
      calls.push(`${action}:${regionId}:${r.instanceId}:${r.clientToken ?? ''}`);
      return Promise.resolve({ httpStatus: r.dryRun === true ? 412 : 200, requestId: 'REQ-1', dryRunPassed: r.dryRun === true });
    },
    instancesAction: (regionId, action, r) => {
      calls.push(`${action}:${regionId}:${r.instanceIds.length}:${r.clientToken ?? ''}`);
      return Promise.resolve({ httpStatus: 200, requestId: 'REQ-N', details: r.instanceIds.map((instanceId) => ({ instanceId })) });
    },
    dispose: () => undefined,
  };
  return { client, calls };
}

function context(controller = new AbortController()) {
  const events: EventInput[] = [];
  const results: Record<string, TargetResult> = {};
  let resume: unknown;
  const ctx: OperationContext = {
    emit: (e) => { events.push(e); },
    setResult: (id, r) => { results[id] = r; },
    setResume: (s) => { resume = s; },
    signal: controller.signal,
  };
  return { ctx, events, results, resume: () => resume, controller };
}

function record(ids: string[], options: Partial<StopInstanceOptions> = {}): OperationRecordOf<'volcengine.stopInstance'> {
  return {
    id: 'op-1', kind: 'volcengine.stopInstance', cloud: 'volcengine',
    targets: ids.map((id) => ({ id, label: id, scope: 'cn-beijing' })),
    options: { forceStop: false, stoppedMode: 'KeepCharging', dryRun: false, clientToken: 'fp-test', ...options },
    status: 'running', startedAt: 0, events: [], results: {},
  };
}

/** What the engine makes of an outcome (src/fleet/engine.ts): the status follows from the per-target results. */
function statusOf(outcome: DriverOutcome, results: Record<string, TargetResult>, ids: readonly string[]): OperationStatus {
  if (outcome.end === 'interrupted') return 'running';
  const missing: TargetStatus = outcome.end === 'refused' ? 'notSent' : 'pending';
  return operationStatusOf(ids.map((id) => results[id]?.status ?? missing));
}

function errorOf(outcome: DriverOutcome): CloudErrorInfo | undefined {
  return outcome.end === 'interrupted' ? undefined : outcome.error;
}

/** A virtual clock: sleeping advances it, so waits cost nothing in real time. */
function clock(): Pick<VolcengineDriverOptions, 'now' | 'sleep'> {
  let t = 0;
  return { now: () => t, sleep: (ms) => { t += ms; return Promise.resolve(); } };
}

void describe('volcengine StopInstance driver', () => {
  void test('STOPPING then STOPPED → succeeded, with stateRead per change and progress counts', async () => {
    const { client, calls } = fakeClient({ statuses: { 'i-a': ['STOPPING', 'STOPPING', 'STOPPED'] } });
    const driver = createStopInstanceDriver(() => client, { pollIntervalMs: 1000, ...clock() });
    const c = context();
    const outcome = await driver.run(record(['i-a']), c.ctx);
    assert.deepEqual(outcome, { end: 'done' });
    assert.equal(calls[0], 'StopInstance:cn-beijing:i-a:fp-test');
    assert.deepEqual(c.events.filter((e) => e.type === 'stateRead').map((e) => e.type === 'stateRead' && e.state), ['STOPPING', 'STOPPED']);
    assert.deepEqual(c.events.filter((e) => e.type === 'progress').map((e) => e.type === 'progress' && e.status), ['STOPPING:1', 'STOPPING:1', 'STOPPED:1']);
    assert.deepEqual(c.events.find((e) => e.type === 'progress'), { type: 'progress', status: 'STOPPING:1', counts: { STOPPING: 1 } });
    assert.deepEqual(c.results['i-a'], { status: 'succeeded', finalState: 'STOPPED' });
    assert.deepEqual(c.resume(), { v: 1, phase: 'polling', clientToken: 'fp-test', affected: { 'cn-beijing': ['i-a'] }, uncertain: [] });
  });

  void test('events in the domain\'s words: no URL, and only the HTTP status the transport saw', async () => {
    const { client } = fakeClient({ statuses: { 'i-a': ['STOPPED'] }, throttleStop: true });
    const driver = createStopInstanceDriver(() => client, { pollIntervalMs: 10, ...clock() });
    const c = context();
    await driver.run(record(['i-a'], { forceStop: true, stoppedMode: 'StopCharging' }), c.ctx);
    assert.deepEqual(c.events.find((e) => e.type === 'requested'), {
      type: 'requested', action: 'StopInstance', targets: ['i-a'],
      parameters: { region: 'cn-beijing', forceStop: true, stoppedMode: 'StopCharging', dryRun: false, clientToken: 'fp-test' },
    });
    assert.deepEqual(c.events.find((e) => e.type === 'waiting'), {
      type: 'waiting', reason: 'throttled', waitSeconds: 0.5, askedByCloud: false, code: 'FlowLimitExceeded', requestId: 'REQ-T',
    });
    assert.deepEqual(c.events.find((e) => e.type === 'accepted'), { type: 'accepted', httpStatus: 200, requestId: 'REQ-1' });
  });

  void test('an instance that never stops → unknown after maxWaitMs, last state kept', async () => {
    const { client } = fakeClient({ statuses: { 'i-a': ['STOPPING'] } });
    const driver = createStopInstanceDriver(() => client, { pollIntervalMs: 1000, maxWaitMs: 5000, ...clock() });
    const c = context();
    const outcome = await driver.run(record(['i-a']), c.ctx);
    assert.equal(statusOf(outcome, c.results, ['i-a']), 'unknown');
    assert.equal(errorOf(outcome)?.code, 'WaitTimeout');
    assert.equal(c.results['i-a']?.status, 'unknown');
    assert.equal(c.results['i-a']?.finalState, 'STOPPING');
  });

  void test('ERROR → failed; vanished → failed notFound; mixed with a success → partial', async () => {
    const { client } = fakeClient({ statuses: { 'i-a': ['STOPPED'], 'i-b': ['STOPPING', 'ERROR'] } });
    const driver = createStopInstanceDriver(() => client, { pollIntervalMs: 10, ...clock() });
    const c = context();
    const outcome = await driver.run(record(['i-a', 'i-b', 'i-gone']), c.ctx);
    assert.equal(outcome.end, 'done');
    assert.equal(statusOf(outcome, c.results, ['i-a', 'i-b', 'i-gone']), 'partial');
    assert.equal(c.results['i-a']?.status, 'succeeded');
    assert.deepEqual([c.results['i-b']?.status, c.results['i-b']?.code, c.results['i-b']?.finalState], ['failed', 'InstanceError', 'ERROR']);
    assert.deepEqual([c.results['i-gone']?.status, c.results['i-gone']?.code], ['failed', 'InvalidInstance.NotFound']);
  });

  void test('reads that keep failing end the wait as unknown with the read error', async () => {
    const { client, calls } = fakeClient({ statuses: { 'i-a': ['STOPPING'] }, failReads: 'all' });
    const driver = createStopInstanceDriver(() => client, { pollIntervalMs: 10, maxPollFailures: 3, ...clock() });
    const c = context();
    const outcome = await driver.run(record(['i-a']), c.ctx);
    assert.equal(statusOf(outcome, c.results, ['i-a']), 'unknown');
    assert.equal(errorOf(outcome)?.code, 'InternalError');
    assert.equal(calls.filter((x) => x.startsWith('DescribeInstances')).length, 3);
  });

  void test('one failed read does not end the wait', async () => {
    const { client } = fakeClient({ statuses: { 'i-a': ['STOPPED'] }, failReads: new Set([1]) });
    const driver = createStopInstanceDriver(() => client, { pollIntervalMs: 10, ...clock() });
    const c = context();
    const outcome = await driver.run(record(['i-a']), c.ctx);
    assert.deepEqual(outcome, { end: 'done' });
    assert.equal(statusOf(outcome, c.results, ['i-a']), 'succeeded');
  });

  void test('shutdown while waiting → interrupted (the journal keeps it running for resume)', async () => {
    const { client } = fakeClient({ statuses: { 'i-a': ['STOPPING'] } });
    const c = context();
    let sleeps = 0;
    const driver = createStopInstanceDriver(() => client, {
      pollIntervalMs: 10,
      sleep: () => { if (++sleeps === 2) c.controller.abort(); return Promise.resolve(); },
    });
    const outcome = await driver.run(record(['i-a']), c.ctx);
    assert.deepEqual(outcome, { end: 'interrupted' });
    assert.equal(c.results['i-a'], undefined);
  });

  void test('an invalid ClientToken or StoppedMode fails before any request', async () => {
    const { client, calls } = fakeClient({ statuses: {} });
    const driver = createStopInstanceDriver(() => client, clock());
    const c = context();
    const long = await driver.run(record(['i-a'], { clientToken: 'x'.repeat(65) }), c.ctx);
    assert.equal(long.end, 'refused');
    assert.equal(statusOf(long, c.results, ['i-a']), 'failed');
    assert.equal(errorOf(long)?.code, 'InvalidClientToken');
    assert.equal(errorOf(long)?.category, 'invalidInput');
    // The options are typed from the prompt on; a journaled record with a StoppedMode that is not
    // one is not read back, so it never reaches the driver.
    const [stopInstance] = VOLCENGINE_CLOUD.operations;
    assert.equal(stopInstance?.readOptions({ forceStop: false, stoppedMode: 'Off', dryRun: false, clientToken: 'fp-test' }), undefined);
    assert.deepEqual(calls, []);
  });

  void test('ids that cannot be instance ids are refused one by one; the others are stopped', async () => {
    const { client, calls } = fakeClient({ statuses: { 'i-a': ['STOPPED'], 'i-b': ['STOPPED'] } });
    const driver = createStopInstanceDriver(() => client, { pollIntervalMs: 10, ...clock() });
    const c = context();
    const outcome = await driver.run(record(['i-a', '../i-x', 'i-b', 'i-y?z=1']), c.ctx);
    assert.equal(statusOf(outcome, c.results, ['i-a', '../i-x', 'i-b', 'i-y?z=1']), 'partial');
    assert.equal(errorOf(outcome)?.code, 'InvalidInstanceId');
    assert.deepEqual(calls.filter((x) => x.startsWith('Stop')), ['StopInstances:cn-beijing:2:fp-test-b1']);
    assert.equal(c.results['../i-x']?.code, 'InvalidInstanceId');
    assert.equal(c.results['i-y?z=1']?.status, 'notSent', 'refused before anything was sent for it');
    assert.equal(c.results['i-b']?.status, 'succeeded');
    const onlyBad = context();
    const none = await driver.run(record(['a b']), onlyBad.ctx);
    assert.equal(none.end, 'refused', 'nothing was sent');
    assert.equal(statusOf(none, onlyBad.results, ['a b']), 'failed');
    assert.equal(calls.filter((x) => x.startsWith('Stop')).length, 1, 'no request for the bad id');
  });

  void test('credentials that cannot be used → failed authentication, secret not echoed', async () => {
    const driver = createStopInstanceDriver(() => { throw new VolcengineCredentialsError('VOLCENGINE_ACCESS_KEY', 'incomplete', 'secretKey'); }, clock());
    const c = context();
    const outcome = await driver.run(record(['i-a']), c.ctx);
    assert.equal(outcome.end, 'refused');
    assert.equal(statusOf(outcome, c.results, ['i-a']), 'failed');
    assert.equal(errorOf(outcome)?.code, 'CredentialsInvalid');
    assert.equal(errorOf(outcome)?.category, 'authentication');
  });

  void test('DryRun: one instance → StopInstance DryRun with the token, status checked, no polling', async () => {
    const { client, calls } = fakeClient({ statuses: { 'i-a': ['RUNNING'] } });
    const driver = createStopInstanceDriver(() => client, clock());
    const c = context();
    const outcome = await driver.run(record(['i-a'], { dryRun: true }), c.ctx);
    assert.deepEqual(outcome, { end: 'done' });
    assert.equal(statusOf(outcome, c.results, ['i-a']), 'checked');
    assert.deepEqual(calls, ['StopInstance:cn-beijing:i-a:fp-test']);
    assert.equal(c.results['i-a']?.status, 'checked');
    assert.equal(c.resume(), undefined);
  });
});
