/**
 * Volcengine under faults: the real @volcengine/openapi client, the StopInstance driver and the
 * operation engine, against the emulator's fault injection over HTTPS.
 */
import { after, before, describe } from 'node:test';
import assert from 'node:assert/strict';
import type { RecordedRequest } from '../../emulator/src/index';
import { eventsOf, startFleet, type FleetHarness } from './support/fleet';
import { scenario, useProbe } from './support/results';
import { describeCloudError } from '../../src/ui/errorMessages';

let h: FleetHarness;
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown): void => { unhandled.push(reason); };

before(async () => {
  process.on('unhandledRejection', onUnhandled);
  h = await startFleet();
  useProbe(h.probe());
});

after(async () => {
  process.off('unhandledRejection', onUnhandled);
  await h.stop();
});

const BJ = ['i-bj01a0000000000001', 'i-bj01a0000000000002', 'i-bj02b0000000000007'];
const GZ = ['i-gz01a0000000000015', 'i-gz01a0000000000016', 'i-gz02b0000000000019'];

function reset(ids: string[]): void {
  h.emu.clearFaults();
  for (const id of ids) h.emu.control.volcengine.setStatus(id, 'RUNNING');
}

function stopRequests(sent: RecordedRequest[]): RecordedRequest[] {
  return sent.filter((r) => r.service === 'volc' && /^StopInstances?$/.test(r.query.Action ?? ''));
}

/** Stop effects the emulator applied to these instances since `from` (epoch ms). */
function effects(ids: string[], from: number): number {
  return ids.reduce((n, id) => n + h.emu.volcengine.effects(id).filter((e) => e.at >= from && /^Stop/.test(e.action)).length, 0);
}

void describe('Volcengine faults', () => {
  scenario('429 throttling', 'volcengine', 'FlowLimitExceeded on StopInstances: waited, reported, completed', async () => {
    reset(BJ);
    h.emu.inject({ kind: 'throttle', service: 'volc', route: /^StopInstances$/, count: 2 });
    const m = h.mark();
    const from = Date.now();
    const record = await h.run('volcengine.stopInstance', h.volcTargets('cn-beijing', BJ), h.stopOptions());
    assert.equal(record.status, 'succeeded');
    const throttled = eventsOf(record, 'waiting');
    assert.equal(throttled.length, 2);
    assert.ok(throttled.every((e) => e.reason === 'throttled' && e.code === 'FlowLimitExceeded' && e.waitSeconds > 0 && !e.askedByCloud));
    const sent = h.since(m);
    const stops = stopRequests(sent);
    assert.deepEqual(stops.map((r) => r.status), [429, 429, 200], 'no storm: each throttled attempt waited');
    assert.equal(new Set(stops.map((r) => r.query.ClientToken)).size, 1, 'one ClientToken for every attempt');
    assert.equal(effects(BJ, from), 3);
    return { requests: sent.length };
  });

  scenario('429 throttling', 'volcengine', 'FlowLimitExceeded while polling DescribeInstances', async () => {
    reset(GZ);
    h.emu.inject({ kind: 'throttle', service: 'volc', route: /^DescribeInstances$/, count: 2 });
    const m = h.mark();
    const record = await h.run('volcengine.stopInstance', h.volcTargets('cn-guangzhou', GZ.slice(0, 1)), h.stopOptions());
    assert.equal(record.status, 'succeeded');
    assert.equal(eventsOf(record, 'waiting').length, 2);
    const sent = h.since(m);
    assert.ok(sent.length <= 10, `no storm (${sent.length})`);
    return { requests: sent.length };
  });

  scenario('429 throttling', 'volcengine', 'FlowLimitExceeded on every attempt: bounded retries, then a clear error', async () => {
    const id = BJ[1] ?? '';
    reset([id]);
    h.emu.inject({ kind: 'throttle', service: 'volc', route: /^StopInstance$/, count: Infinity });
    const m = h.mark();
    const from = Date.now();
    const record = await h.run('volcengine.stopInstance', h.volcTargets('cn-beijing', [id]), h.stopOptions());
    h.emu.clearFaults();
    assert.equal(record.status, 'failed');
    assert.equal(record.error?.code, 'FlowLimitExceeded');
    assert.match(describeCloudError('volcengine.stopInstance', record.error ?? { cloud: 'volcengine', code: '', message: '', category: 'unknown' }).message, /limiting the request rate/);
    const stops = stopRequests(h.since(m));
    assert.ok(stops.length <= 6, `no storm: ${stops.length} attempts`);
    assert.equal(effects([id], from), 0);
    return { requests: h.since(m).length };
  });

  for (const status of [500, 503]) {
    scenario(`${status} transient`, 'volcengine', 'on list (DescribeInstances): retried, completes', async () => {
      h.emu.clearFaults();
      h.emu.inject({ kind: 'status', status, service: 'volc', route: /^DescribeInstances$/ });
      const m = h.mark();
      const list = await h.volc.listInstances('cn-beijing');
      assert.ok(list.length >= 7);
      const sent = h.since(m);
      assert.deepEqual(sent.map((r) => r.status), [status, 200]);
      return { requests: sent.length, shown: [list] };
    });

    scenario(`${status} transient`, 'volcengine', 'on the action: retried under the same ClientToken, one effect', async () => {
      reset(BJ);
      h.emu.inject({ kind: 'status', status, service: 'volc', route: /^StopInstances$/ });
      const m = h.mark();
      const from = Date.now();
      const record = await h.run('volcengine.stopInstance', h.volcTargets('cn-beijing', BJ), h.stopOptions());
      assert.equal(record.status, 'succeeded');
      assert.equal(eventsOf(record, 'retrying').length, 1);
      const stops = stopRequests(h.since(m));
      assert.deepEqual(stops.map((r) => r.status), [status, 200]);
      assert.equal(new Set(stops.map((r) => r.query.ClientToken)).size, 1);
      assert.equal(effects(BJ, from), 3);
      return { requests: h.since(m).length };
    });

    scenario(`${status} transient`, 'volcengine', 'on the status read (DescribeInstances while waiting): waiting continues', async () => {
      reset(GZ);
      h.emu.inject({ kind: 'status', status, service: 'volc', route: /^DescribeInstances$/, count: 2 });
      const m = h.mark();
      const record = await h.run('volcengine.stopInstance', h.volcTargets('cn-guangzhou', GZ), h.stopOptions());
      assert.equal(record.status, 'succeeded');
      for (const id of GZ) assert.equal(record.results[id]?.finalState, 'STOPPED');
      return { requests: h.since(m).length };
    });
  }

  scenario('500/503 persistent', 'volcengine', 'InternalError on every attempt: a clear error, bounded attempts', async () => {
    reset(BJ);
    h.emu.inject({ kind: 'status', status: 500, service: 'volc', route: /^StopInstance$/, count: Infinity });
    const m = h.mark();
    const from = Date.now();
    const record = await h.run('volcengine.stopInstance', h.volcTargets('cn-beijing', BJ.slice(0, 1)), h.stopOptions());
    h.emu.clearFaults();
    assert.equal(record.status, 'failed');
    assert.equal(record.error?.code, 'InternalError');
    assert.match(describeCloudError('volcengine.stopInstance', record.error ?? { cloud: 'volcengine', code: '', message: '', category: 'unknown' }).message, /internal error.*RequestId/i);
    assert.equal(stopRequests(h.since(m)).length, 3, 'three attempts, then it stops trying');
    assert.equal(effects(BJ, from), 0);
    return { requests: h.since(m).length };
  });

  for (const afterEffect of [false, true]) {
    for (const kind of ['reset', 'hang'] as const) {
      scenario(kind === 'reset' ? 'connection reset' : 'hanging response', 'volcengine',
        `on StopInstance${afterEffect ? ' after the effect' : ''}: same ClientToken re-sent, one effect`, async () => {
          const id = afterEffect ? GZ[1] ?? '' : GZ[2] ?? '';
          reset([id]);
          h.emu.inject({ kind, service: 'volc', route: /^StopInstance$/, afterEffect });
          const m = h.mark();
          const from = Date.now();
          const record = await h.run('volcengine.stopInstance', h.volcTargets('cn-guangzhou', [id]), h.stopOptions());
          assert.equal(record.status, 'succeeded', JSON.stringify(record.error));
          assert.equal(record.results[id]?.finalState, 'STOPPED');
          const stops = stopRequests(h.since(m));
          assert.equal(stops.length, 2, 'one lost attempt, one retry');
          assert.equal(new Set(stops.map((r) => r.query.ClientToken)).size, 1, 'the retry reuses the ClientToken');
          assert.equal(effects([id], from), 1, 'the emulator applied the stop once');
          assert.ok(eventsOf(record, 'retrying').length >= 1, 'the retry is reported');
          return { requests: h.since(m).length };
        });
    }
  }

  scenario('connection reset', 'volcengine', 'every attempt lost: outcome confirmed from the instance state', async () => {
    const id = BJ[2] ?? '';
    reset([id]);
    h.emu.inject({ kind: 'reset', service: 'volc', route: /^StopInstance$/, count: Infinity });
    const m = h.mark();
    const record = await h.run('volcengine.stopInstance', h.volcTargets('cn-beijing', [id]), h.stopOptions());
    h.emu.clearFaults();
    assert.equal(record.status, 'unknown');
    assert.equal(record.results[id]?.code, 'OutcomeUnknown');
    assert.match(record.results[id]?.message ?? '', /Check the instance/);
    assert.equal(record.results[id]?.finalState, 'RUNNING', 'read back, not guessed');
    return { requests: h.since(m).length };
  });

  scenario('stop ends in ERROR', 'volcengine', 'an instance that goes to ERROR while stopping: failed, with the state read back', async () => {
    const id = GZ[2] ?? '';
    reset([id]);
    const engine = h.newEngine();
    // The moment the stop is accepted, the instance breaks (before the first status read).
    engine.onDidChange((_record, event) => { if (event.type === 'accepted') h.emu.control.volcengine.setStatus(id, 'ERROR'); });
    const m = h.mark();
    const record = await engine.start({ kind: 'volcengine.stopInstance', targets: h.volcTargets('cn-guangzhou', [id]), options: h.stopOptions() }).done;
    await engine.flush();
    engine.dispose();
    h.records.push(record);
    assert.equal(record.status, 'failed');
    assert.equal(record.results[id]?.code, 'InstanceError');
    assert.equal(record.results[id]?.finalState, 'ERROR', 'read back, not guessed');
    assert.ok(eventsOf(record, 'stateRead').some((e) => e.state === 'ERROR'));
    return { requests: h.since(m).length };
  });

  scenario('partial batch failure', 'volcengine', 'StopInstances with bad and locked ids: each outcome reported', async () => {
    reset(BJ);
    const ids = [...BJ, 'i-bj02b0000000000006' /* locked */, 'i-doesnotexist000001'];
    const m = h.mark();
    const record = await h.run('volcengine.stopInstance', h.volcTargets('cn-beijing', ids), h.stopOptions());
    assert.equal(record.status, 'partial');
    for (const id of BJ) assert.equal(record.results[id]?.status, 'succeeded', id);
    assert.equal(record.results['i-bj02b0000000000006']?.code, 'OperationDenied.ResourceLocked');
    assert.equal(record.results['i-doesnotexist000001']?.code, 'InvalidInstance.NotFound');
    assert.equal(record.results['i-bj02b0000000000006']?.finalState, 'RUNNING', 'the refused instance is read back');
    assert.equal(stopRequests(h.since(m)).length, 1, 'one StopInstances call');
    return { requests: h.since(m).length };
  });

  scenario('malformed JSON', 'volcengine', 'on DescribeInstances: MalformedResponse, no crash', async () => {
    h.emu.clearFaults();
    h.emu.inject({ kind: 'malformed', service: 'volc', route: /^DescribeInstances$/ });
    const m = h.mark();
    let thrown: unknown;
    await assert.rejects(h.volc.listInstances('cn-beijing'), (err: Error & { code?: string }) => {
      thrown = err;
      assert.equal(err.code, 'MalformedResponse');
      assert.match(err.message, /not JSON/);
      return true;
    });
    return { requests: h.since(m).length, shown: [thrown] };
  });

  scenario('malformed JSON', 'volcengine', 'on StopInstance: the outcome is confirmed from state, no unhandled rejection', async () => {
    const id = GZ[0] ?? '';
    reset([id]);
    h.emu.inject({ kind: 'malformed', service: 'volc', route: /^StopInstance$/, afterEffect: true });
    const m = h.mark();
    const from = Date.now();
    const record = await h.run('volcengine.stopInstance', h.volcTargets('cn-guangzhou', [id]), h.stopOptions());
    assert.notEqual(record.status, 'running');
    assert.equal(record.results[id]?.finalState, 'STOPPED', 'confirmed by reading the instance');
    assert.equal(effects([id], from), 1);
    assert.equal(unhandled.length, 0);
    return { requests: h.since(m).length };
  });

  scenario('stale state', 'volcengine', 'stopping an instance stopped meanwhile: the refusal is explained', async () => {
    const id = BJ[0] ?? '';
    reset([id]);
    h.emu.control.volcengine.setStatus(id, 'STOPPED', 'KeepCharging');
    const m = h.mark();
    const record = await h.run('volcengine.stopInstance', h.volcTargets('cn-beijing', [id]), h.stopOptions());
    assert.equal(record.status, 'failed');
    assert.equal(record.error?.code, 'InvalidInstanceStatus');
    const shown = describeCloudError('volcengine.stopInstance', record.error ?? { cloud: 'volcengine', code: '', message: '', category: 'unknown' }, id).message;
    assert.match(shown, /refused to stop [^:]*: The instance.s current status does not allow this/);
    assert.match(shown, /InvalidInstanceStatus/);
    assert.equal(record.results[id]?.finalState, 'STOPPED', 'the instance is read back after the refusal');
    assert.ok(eventsOf(record, 'stateRead').some((e) => e.target === id && e.state === 'STOPPED'));
    return { requests: h.since(m).length };
  });

  scenario('unhandled rejections', 'volcengine', 'none in the whole Volcengine fault run', () => {
    assert.deepEqual(unhandled, []);
    return { requests: 0 };
  });
});
