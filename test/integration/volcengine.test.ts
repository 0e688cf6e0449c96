/**
 * Volcengine ECS through the real @volcengine/openapi SDK to the emulator over HTTPS: the client,
 * the StopInstance driver and the operation engine together.
 */
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startEmulator, defaultFleet, type Emulator, type FleetEcsInstance, type FleetEcsRegion, type RecordedRequest } from '../../emulator/src/index';
import { InMemoryJournal, OperationEngine, newClientToken } from '../../src/fleet';
import type { OperationEvent, OperationRecord, OperationTarget, StoppedMode } from '../../src/fleet/model';
import {
  createVolcengineClient, createVolcengineProvider, STOP_INSTANCE_ERROR_CODES, VolcengineError,
  type VolcengineClient, type VolcengineDriverOptions,
} from '../../src/cloud/volcengine';

const CANARY = { accessKeyId: 'AKLTCANARYvolcKEY0000000001', secretKey: 'CANARYvolcSECRETdoNotLeak0000000001==' };

const inst = (instanceId: string, extra: Partial<FleetEcsInstance> = {}): FleetEcsInstance => ({
  instanceId, instanceName: instanceId.replace(/^i-/, 'vm-'), status: 'RUNNING', instanceTypeId: 'ecs.g3i.large', instanceChargeType: 'PostPaid', ...extra,
});

const STATUSES = ['CREATING', 'RUNNING', 'STOPPING', 'STOPPED', 'REBOOTING', 'STARTING', 'REBUILDING', 'RESIZING', 'ERROR', 'DELETING'] as const;
const SHANGHAI = Array.from({ length: 250 }, (_, n) => `i-sh${String(n).padStart(4, '0')}`);

function regions(): FleetEcsRegion[] {
  return [
    {
      regionId: 'cn-beijing',
      zones: [
        {
          zoneId: 'cn-beijing-a',
          instances: [
            ...STATUSES.map((s) => inst(`i-status-${s.toLowerCase()}`, { status: s, ...(s === 'STOPPED' ? { stoppedMode: 'StopCharging' as const } : {}) })),
            inst('i-opt', { cpus: 2, memorySize: 8192, osName: 'Debian 12 64 bit', primaryIpAddress: '10.1.0.5' }),
            inst('i-stopped', { status: 'STOPPED', stoppedMode: 'KeepCharging' }),
            inst('i-prepaid', { instanceChargeType: 'PrePaid' }),
            inst('i-baremetal', { instanceTypeId: 'ecs.ebmg2t.32xlarge' }),
            inst('i-locked', { locked: true }),
            inst('i-image', { creatingImage: true }),
            inst('i-othersvc', { createdByOtherService: true }),
            inst('i-scheduled', { scheduledInstance: true }),
            inst('i-ddh', { dedicatedHostUnavailable: true }),
          ],
        },
        {
          zoneId: 'cn-beijing-b',
          instances: Array.from({ length: 12 }, (_, n) => inst(`i-bj${String(n).padStart(2, '0')}`)),
        },
      ],
    },
    { regionId: 'cn-shanghai', zones: [{ zoneId: 'cn-shanghai-a', instances: SHANGHAI.map((id) => inst(id)) }] },
    { regionId: 'ap-southeast-1', zones: [{ zoneId: 'ap-southeast-1a', instances: [inst('i-jh1'), inst('i-jh2')] }] },
    // Enough regions that DescribeRegions (at most 20 per page) needs a second page.
    ...Array.from({ length: 20 }, (_, n) => ({ regionId: `cn-extra${n + 1}`, zones: [] })),
  ];
}

let emu: Emulator;
let client: VolcengineClient;
const clients: VolcengineClient[] = [];
/** Every record and thrown error of this file, checked at the end for secrets. */
const seenRecords: OperationRecord[] = [];
const seenErrors: string[] = [];
const journals: InMemoryJournal[] = [];

const DRIVER_OPTIONS: VolcengineDriverOptions = { pollIntervalMs: 40, maxWaitMs: 20_000 };

function newClient(overrides: Partial<Parameters<typeof createVolcengineClient>[0]> = {}): VolcengineClient {
  const c = createVolcengineClient({
    endpoint: emu.volcUrl, credentials: emu.credentials.volcengine, retry: { baseDelayMs: 20, maxDelayMs: 80 }, ...overrides,
  });
  clients.push(c);
  return c;
}

async function runStop(
  ids: string[], scope: string, options: { forceStop?: boolean; stoppedMode?: StoppedMode; dryRun?: boolean; clientToken?: string },
  c: VolcengineClient = client,
): Promise<OperationRecord> {
  const journal = new InMemoryJournal();
  journals.push(journal);
  const engine = new OperationEngine({ providers: [createVolcengineProvider(() => c, DRIVER_OPTIONS)], journal });
  const { done } = engine.start({
    kind: 'volcengine.stopInstance',
    targets: ids.map((id) => ({ id, label: id, scope })),
    options: {
      forceStop: options.forceStop ?? false,
      stoppedMode: options.stoppedMode ?? 'KeepCharging',
      dryRun: options.dryRun ?? false,
      clientToken: options.clientToken ?? newClientToken(),
    },
  });
  const record = await done;
  await engine.flush();
  engine.dispose();
  seenRecords.push(record);
  return record;
}

/** Volcengine requests for one Action after `seq` (by query, so requests a fault dropped count too). */
function since(seq: number, action: string): RecordedRequest[] {
  return emu.requests.where({ service: 'volc' }).filter((r) => r.seq > seq && r.query.Action === action);
}

function lastSeq(): number {
  return emu.requests.all().at(-1)?.seq ?? 0;
}

function ecsState(id: string): FleetEcsInstance {
  for (const r of emu.state().volcengine.regions) {
    for (const z of r.zones) {
      const found = z.instances.find((i) => i.instanceId === id);
      if (found) return found;
    }
  }
  throw new Error(`no instance ${id}`);
}

function events<T extends OperationEvent['type']>(record: OperationRecord, type: T): Extract<OperationEvent, { type: T }>[] {
  return record.events.filter((e): e is Extract<OperationEvent, { type: T }> => e.type === type);
}

async function errorOf(p: Promise<unknown>): Promise<VolcengineError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof VolcengineError) {
      seenErrors.push(e.message, JSON.stringify(e.info));
      return e;
    }
    throw e;
  }
  assert.fail('expected a VolcengineError');
}

before(async () => {
  emu = await startEmulator({ fleet: { ...defaultFleet(), volcengine: { regions: regions() } }, transitionMs: 150 });
  client = newClient();
});

after(async () => {
  for (const c of clients) c.dispose();
  await emu.stop();
});

void describe('volcengine: listing through the SDK', () => {
  void test('regions, paged 20 at a time', async () => {
    const seq = lastSeq();
    const list = await client.listRegions();
    assert.equal(list.length, 23);
    assert.deepEqual(list.slice(0, 3).map((r) => r.regionId), ['cn-beijing', 'cn-shanghai', 'ap-southeast-1']);
    const calls = since(seq, 'DescribeRegions');
    assert.equal(calls.length, 2);
    assert.ok(calls.every((r) => r.query.MaxResults === '20' && r.status === 200));
    assert.equal(calls[1]?.query.NextToken !== undefined && calls[1].query.NextToken !== '', true);
  });

  void test('instances are paged with MaxResults 100 and NextToken', async () => {
    const seq = lastSeq();
    const list = await client.listInstances('cn-shanghai');
    assert.equal(list.length, 250);
    assert.equal(new Set(list.map((i) => i.instanceId)).size, 250);
    const calls = since(seq, 'DescribeInstances');
    assert.equal(calls.length, 3);
    assert.ok(calls.every((r) => r.query.MaxResults === '100'));
    assert.equal(calls[0]?.query.NextToken, undefined);
    assert.ok(calls[1]?.query.NextToken && calls[2]?.query.NextToken && calls[1].query.NextToken !== calls[2].query.NextToken);
  });

  void test('every documented status is read back; fields are mapped', async () => {
    const list = await client.listInstances('cn-beijing');
    for (const s of STATUSES) {
      const found = list.find((i) => i.instanceId === `i-status-${s.toLowerCase()}`);
      assert.equal(found?.status, s, s);
    }
    assert.equal(list.find((i) => i.instanceId === 'i-status-stopped')?.stoppedMode, 'StopCharging');
    const opt = list.find((i) => i.instanceId === 'i-opt');
    assert.deepEqual(
      opt && { name: opt.name, regionId: opt.regionId, zoneId: opt.zoneId, type: opt.instanceTypeId, charge: opt.chargeType, cpus: opt.cpus, mem: opt.memoryMb, os: opt.osName, ip: opt.primaryIp },
      { name: 'vm-opt', regionId: 'cn-beijing', zoneId: 'cn-beijing-a', type: 'ecs.g3i.large', charge: 'PostPaid', cpus: 2, mem: 8192, os: 'Debian 12 64 bit', ip: '10.1.0.5' },
    );
  });

  void test('filters by status and by instance ids (InstanceIds.N)', async () => {
    const stopped = await client.listInstances('cn-beijing', { status: 'STOPPED' });
    assert.deepEqual(stopped.map((i) => i.instanceId).sort(), ['i-status-stopped', 'i-stopped']);
    const seq = lastSeq();
    const some = await client.listInstances('cn-shanghai', { instanceIds: SHANGHAI.slice(0, 150) });
    assert.equal(some.length, 150);
    const calls = since(seq, 'DescribeInstances');
    assert.equal(calls.length, 2, '150 ids → two calls of ≤ 100 ids');
    assert.equal(calls[0]?.query['InstanceIds.100'], SHANGHAI[99]);
    assert.equal(calls[0]?.query['InstanceIds.101'], undefined);
    assert.deepEqual(await client.listInstances('cn-beijing', { instanceIds: [] }), []);
  });

  void test('a value that is not an instance id is refused before any request', async () => {
    const seq = lastSeq();
    const e = await errorOf(client.instanceAction('cn-beijing', 'StopInstance', { instanceId: 'i-1/../x?Action=StopInstances', forceStop: false, clientToken: newClientToken() }));
    assert.equal(e.info.code, 'InvalidInstanceId');
    const l = await errorOf(client.listInstances('cn-beijing', { instanceIds: ['i-bj00', 'i-%2F'] }));
    assert.equal(l.info.code, 'InvalidInstanceId');
    const r = await errorOf(client.listInstances('cn-beijing/../x'));
    assert.equal(r.info.code, 'InvalidRegion');
    assert.equal(emu.requests.all().filter((x) => x.seq > seq).length, 0);
  });

  void test('malformed JSON is a MalformedResponse, not a crash', async () => {
    emu.inject({ kind: 'malformed', service: 'volc', route: /^DescribeZones$|^DescribeInstances$/ });
    const e = await errorOf(client.listInstances('ap-southeast-1'));
    assert.equal(e.info.code, 'MalformedResponse');
    assert.equal(e.info.category, 'malformedResponse');
  });
});

void describe('volcengine: StopInstance options', () => {
  const combos: Array<{ forceStop: boolean; stoppedMode: StoppedMode; dryRun: boolean }> = [];
  for (const forceStop of [false, true]) for (const stoppedMode of ['KeepCharging', 'StopCharging'] as const) for (const dryRun of [false, true]) combos.push({ forceStop, stoppedMode, dryRun });

  for (const combo of combos) {
    void test(`ForceStop=${combo.forceStop} StoppedMode=${combo.stoppedMode} DryRun=${combo.dryRun}`, async () => {
      emu.control.volcengine.setStatus('i-opt', 'RUNNING');
      const effectsBefore = emu.volcengine.effects('i-opt').length;
      const token = newClientToken();
      const seq = lastSeq();
      const record = await runStop(['i-opt'], 'cn-beijing', { ...combo, clientToken: token });
      const calls = since(seq, 'StopInstance');
      assert.equal(calls.length, 1);
      const q = calls[0]!.query;
      assert.equal(q.InstanceId, 'i-opt');
      assert.equal(q.ForceStop, String(combo.forceStop));
      assert.equal(q.StoppedMode, combo.stoppedMode);
      assert.equal(q.ClientToken, token);
      assert.equal(q.DryRun, combo.dryRun ? 'true' : undefined);
      assert.equal(since(seq, 'StopInstances').length, 0);
      const requested = events(record, 'requested')[0];
      assert.equal(requested?.parameters.clientToken, token);
      assert.equal(requested?.action, 'StopInstance');
      assert.equal(requested && 'http' in requested, false, 'no URL the driver did not see');
      if (combo.dryRun) {
        assert.equal(record.status, 'checked');
        assert.equal(record.results['i-opt']?.status, 'checked');
        assert.equal(record.results['i-opt']?.code, 'DryRunOperation');
        assert.equal(ecsState('i-opt').status, 'RUNNING');
        assert.equal(emu.volcengine.effects('i-opt').length, effectsBefore);
      } else {
        assert.equal(record.status, 'succeeded');
        assert.equal(record.results['i-opt']?.finalState, 'STOPPED');
        assert.ok(events(record, 'accepted')[0]?.requestId);
        assert.ok(events(record, 'stateRead').some((e) => e.state === 'STOPPED'));
        assert.ok(events(record, 'progress').length >= 1);
        assert.ok(events(record, 'progress').every((e) => e.httpStatus === undefined), 'no HTTP status for a read it does not see');
        const state = ecsState('i-opt');
        assert.equal(state.status, 'STOPPED');
        assert.equal(state.stoppedMode, combo.stoppedMode);
        const effects = emu.volcengine.effects('i-opt');
        assert.equal(effects.length, effectsBefore + 1);
        assert.equal(effects.at(-1)?.forceStop, combo.forceStop);
      }
    });
  }
});

void describe('volcengine: StopInstances batches and per-instance results', () => {
  void test('250 instances → exactly 3 StopInstances calls of ≤ 100 with derived tokens; all STOPPED', async () => {
    const token = newClientToken();
    const seq = lastSeq();
    const record = await runStop(SHANGHAI, 'cn-shanghai', { clientToken: token, forceStop: true });
    const calls = since(seq, 'StopInstances');
    assert.equal(calls.length, 3);
    const counts = calls.map((r) => Object.keys(r.query).filter((k) => k.startsWith('InstanceIds.')).length);
    assert.deepEqual(counts, [100, 100, 50]);
    assert.deepEqual(calls.map((r) => r.query.ClientToken), [`${token}-b1`, `${token}-b2`, `${token}-b3`]);
    assert.equal(since(seq, 'StopInstance').length, 0);
    assert.equal(record.status, 'succeeded');
    assert.equal(Object.values(record.results).filter((r) => r.status === 'succeeded').length, 250);
    assert.ok(SHANGHAI.every((id) => ecsState(id).status === 'STOPPED'));
    assert.equal(events(record, 'accepted').length, 3);
  });

  void test('per-instance failures are reported one by one; the rest stop (partial)', async () => {
    const ids = ['i-bj00', 'i-bj01', 'i-locked', 'i-missing', 'i-stopped', 'i-image'];
    const seq = lastSeq();
    const record = await runStop(ids, 'cn-beijing', {});
    assert.equal(since(seq, 'StopInstances').length, 1);
    assert.equal(record.status, 'partial');
    assert.equal(record.results['i-bj00']?.status, 'succeeded');
    assert.equal(record.results['i-bj01']?.status, 'succeeded');
    assert.deepEqual(
      ['i-locked', 'i-missing', 'i-stopped', 'i-image'].map((id) => [record.results[id]?.status, record.results[id]?.code]),
      [['failed', 'OperationDenied.ResourceLocked'], ['failed', 'InvalidInstance.NotFound'], ['failed', 'InvalidInstanceStatus'], ['failed', 'OperationDenied.InstanceIsCreatingImage']],
    );
    assert.equal(events(record, 'targetResult').length, ids.length);
    assert.ok(record.error && record.error.code === 'OperationDenied.ResourceLocked' && record.error.target === 'i-locked');
    assert.equal(ecsState('i-locked').status, 'RUNNING');
  });

  void test('all refused → failed', async () => {
    const record = await runStop(['i-locked', 'i-othersvc'], 'cn-beijing', {});
    assert.equal(record.status, 'failed');
    assert.equal(record.results['i-othersvc']?.code, 'OperationDenied.ResourceCreatedByOtherService');
  });

  void test('several regions → one StopInstances per region', async () => {
    const seq = lastSeq();
    const journal = new InMemoryJournal();
    const engine = new OperationEngine({ providers: [createVolcengineProvider(() => client, DRIVER_OPTIONS)], journal });
    const targets: OperationTarget[] = [
      { id: 'i-bj02', label: 'i-bj02', scope: 'cn-beijing' }, { id: 'i-jh1', label: 'i-jh1', scope: 'ap-southeast-1' }, { id: 'i-bj03', label: 'i-bj03', scope: 'cn-beijing' },
    ];
    const { done } = engine.start({
      kind: 'volcengine.stopInstance', targets, options: { forceStop: false, stoppedMode: 'KeepCharging', dryRun: false, clientToken: newClientToken() },
    });
    const record = await done;
    engine.dispose();
    seenRecords.push(record);
    const calls = since(seq, 'StopInstances');
    assert.equal(calls.length, 2);
    assert.equal(record.status, 'succeeded');
    assert.equal(ecsState('i-jh1').status, 'STOPPED');
  });
});

void describe('volcengine: DryRun', () => {
  void test('several instances → StopInstance DryRun per instance, nothing stops', async () => {
    const ids = ['i-bj04', 'i-bj05', 'i-bj06'];
    const seq = lastSeq();
    const record = await runStop(ids, 'cn-beijing', { dryRun: true, stoppedMode: 'StopCharging' });
    const calls = since(seq, 'StopInstance');
    assert.equal(calls.length, 3);
    assert.ok(calls.every((r) => r.query.DryRun === 'true' && r.status === 412));
    assert.equal(new Set(calls.map((r) => r.query.ClientToken)).size, 3);
    assert.equal(since(seq, 'StopInstances').length, 0);
    assert.equal(record.status, 'checked');
    assert.ok(ids.every((id) => record.results[id]?.status === 'checked' && ecsState(id).status === 'RUNNING'));
  });

  void test('a check that fails for one instance is reported for that instance (partial)', async () => {
    const record = await runStop(['i-bj07', 'i-prepaid'], 'cn-beijing', { dryRun: true, stoppedMode: 'StopCharging' });
    assert.equal(record.status, 'partial');
    assert.equal(record.results['i-bj07']?.status, 'checked');
    assert.equal(record.results['i-prepaid']?.status, 'failed');
    assert.equal(record.results['i-prepaid']?.code, 'InvalidStoppedMode.ChargeTypeMismatch');
    assert.equal(ecsState('i-prepaid').status, 'RUNNING');
  });
});

void describe('volcengine: retries are safe', () => {
  void test('a lost StopInstance answer is retried with the same ClientToken; one effect', async () => {
    emu.inject({ kind: 'reset', service: 'volc', route: /^StopInstance$/, afterEffect: true });
    const token = newClientToken();
    const seq = lastSeq();
    const record = await runStop(['i-bj08'], 'cn-beijing', { clientToken: token });
    const calls = since(seq, 'StopInstance');
    assert.equal(calls.length, 2);
    assert.equal(calls[0]?.fault, 'reset');
    assert.deepEqual(calls.map((r) => r.query.ClientToken), [token, token]);
    assert.equal(emu.volcengine.effects('i-bj08').length, 1);
    assert.equal(record.status, 'succeeded');
    assert.equal(events(record, 'retrying').length, 1);
  });

  void test('a lost StopInstances answer is retried with the same batch token; one effect each', async () => {
    emu.inject({ kind: 'reset', service: 'volc', route: /^StopInstances$/, afterEffect: true });
    const token = newClientToken();
    const seq = lastSeq();
    const record = await runStop(['i-bj09', 'i-bj10'], 'cn-beijing', { clientToken: token });
    const calls = since(seq, 'StopInstances');
    assert.equal(calls.length, 2);
    assert.deepEqual(calls.map((r) => r.query.ClientToken), [`${token}-b1`, `${token}-b1`]);
    assert.equal(emu.volcengine.effects('i-bj09').length, 1);
    assert.equal(emu.volcengine.effects('i-bj10').length, 1);
    assert.equal(record.status, 'succeeded');
  });

  void test('every answer lost and the instance still RUNNING → unknown, said so', async () => {
    emu.inject({ kind: 'reset', service: 'volc', route: /^StopInstance$/, count: 3 });
    const seq = lastSeq();
    const record = await runStop(['i-bj11'], 'cn-beijing', {});
    assert.equal(since(seq, 'StopInstance').length, 3, 'bounded attempts');
    assert.equal(record.status, 'unknown');
    assert.equal(record.results['i-bj11']?.status, 'unknown');
    assert.equal(record.results['i-bj11']?.code, 'OutcomeUnknown');
    assert.equal(emu.volcengine.effects('i-bj11').length, 0);
  });

  void test('a hanging StopInstance times out and is retried with the same token; one effect', async () => {
    const c = newClient({ timeoutMs: 400 });
    emu.control.volcengine.setStatus('i-bj06', 'RUNNING');
    emu.inject({ kind: 'hang', service: 'volc', route: /^StopInstance$/, afterEffect: true });
    const token = newClientToken();
    const seq = lastSeq();
    const record = await runStop(['i-bj06'], 'cn-beijing', { clientToken: token }, c);
    const calls = since(seq, 'StopInstance');
    assert.equal(calls.length, 2);
    assert.equal(calls[0]?.fault, 'hang');
    assert.deepEqual(calls.map((r) => r.query.ClientToken), [token, token]);
    assert.ok(events(record, 'retrying').some((e) => /Timeout/.test(e.reason)));
    assert.equal(emu.volcengine.effects('i-bj06').filter((e) => e.action === 'StopInstance').length, 1);
    assert.equal(record.status, 'succeeded');
  });

  void test('a write without ClientToken is never retried on a network error', async () => {
    emu.inject({ kind: 'reset', service: 'volc', route: /^StopInstance$/ });
    const seq = lastSeq();
    const e = await errorOf(client.instanceAction('cn-beijing', 'StopInstance', { instanceId: 'i-bj11', forceStop: false }));
    assert.equal(e.info.code, 'NetworkError');
    assert.equal(since(seq, 'StopInstance').length, 1);
  });

  void test('FlowLimitExceeded: waits are reported, then the operation completes', async () => {
    emu.control.volcengine.setStatus('i-opt', 'RUNNING');
    emu.inject({ kind: 'throttle', service: 'volc', route: /^StopInstance$/, count: 2 });
    const seq = lastSeq();
    const record = await runStop(['i-opt'], 'cn-beijing', {});
    assert.equal(since(seq, 'StopInstance').length, 3);
    const throttled = events(record, 'waiting');
    assert.equal(throttled.length, 2);
    assert.ok(throttled.every((e) => e.reason === 'throttled' && e.code === 'FlowLimitExceeded' && e.waitSeconds > 0));
    assert.ok(throttled.every((e) => !e.askedByCloud), 'the wait is our own back-off');
    assert.ok(throttled[1]!.waitSeconds >= throttled[0]!.waitSeconds, 'backoff grows');
    assert.equal(record.status, 'succeeded');
  });

  void test('throttling is bounded: after the last retry the error reaches the caller', async () => {
    const c = newClient({ retry: { baseDelayMs: 5, maxDelayMs: 10, maxThrottleRetries: 2 } });
    emu.inject({ kind: 'throttle', service: 'volc', route: /^DescribeRegions$/, count: 5 });
    const seq = lastSeq();
    const waits: number[] = [];
    const e = await errorOf(c.listRegions({ onThrottled: (t) => waits.push(t.waitMs) }));
    assert.equal(e.info.code, 'FlowLimitExceeded');
    assert.equal(e.info.httpStatus, 429);
    assert.equal(waits.length, 2);
    assert.equal(since(seq, 'DescribeRegions').length, 3);
    emu.clearFaults();
  });

  void test('polling survives a transient DescribeInstances 500', async () => {
    emu.inject({ kind: 'status', status: 500, service: 'volc', route: /^DescribeInstances$/ });
    const record = await runStop(['i-jh2'], 'ap-southeast-1', {});
    assert.equal(record.status, 'succeeded');
    assert.ok(events(record, 'retrying').some((e) => /InternalError/.test(e.reason)));
  });
});

void describe('volcengine: resume after a reload', () => {
  void test('polling continues from the journal; no second StopInstances', async () => {
    const journal = new InMemoryJournal();
    journals.push(journal);
    const slow = { ...DRIVER_OPTIONS, pollIntervalMs: 30 };
    const first = new OperationEngine({ providers: [createVolcengineProvider(() => client, slow)], journal });
    emu.control.volcengine.setStatus('i-bj00', 'RUNNING');
    emu.control.volcengine.setStatus('i-bj01', 'RUNNING');
    const seq = lastSeq();
    const started = first.start({
      kind: 'volcengine.stopInstance',
      targets: [{ id: 'i-bj00', label: 'i-bj00', scope: 'cn-beijing' }, { id: 'i-bj01', label: 'i-bj01', scope: 'cn-beijing' }],
      options: { forceStop: false, stoppedMode: 'KeepCharging', dryRun: false, clientToken: newClientToken() },
    });
    await new Promise<void>((resolve) => {
      const sub = first.onDidChange((_r, e) => { if (e.type === 'progress') { sub.dispose(); resolve(); } });
    });
    await first.flush();
    first.dispose();
    await started.done;
    // The journal holds plain JSON; this is the record the first engine wrote.
    const saved = journal.load()[0] as OperationRecord | undefined;
    assert.ok(saved);
    assert.equal(saved.status, 'running');
    assert.deepEqual((saved.resume as { affected: Record<string, string[]> }).affected, { 'cn-beijing': ['i-bj00', 'i-bj01'] });

    const second = new OperationEngine({ providers: [createVolcengineProvider(() => client, slow)], journal });
    await second.resumeAll();
    const record = second.get(saved.id);
    assert.ok(record);
    seenRecords.push(record);
    assert.equal(record.status, 'succeeded');
    assert.ok(record.events.some((e) => e.type === 'resumed'));
    assert.equal(since(seq, 'StopInstances').length, 1, 'the stop is not sent again');
    assert.equal(ecsState('i-bj00').status, 'STOPPED');
    second.dispose();
  });
});

void describe('volcengine: resume when the reload came while sending', () => {
  function journaled(ids: string[]): OperationRecord {
    return {
      id: `op-resume-${ids.join('-')}`, kind: 'volcengine.stopInstance', cloud: 'volcengine',
      targets: ids.map((id) => ({ id, label: id, scope: 'cn-beijing' })),
      options: { forceStop: false, stoppedMode: 'KeepCharging', dryRun: false, clientToken: 'fp-resume' },
      status: 'running', startedAt: Date.now(), events: [],
      results: Object.fromEntries(ids.map((id) => [id, { status: 'pending' as const }])),
      resume: { v: 1, phase: 'sending', clientToken: 'fp-resume', affected: { 'cn-beijing': ids } },
    };
  }

  void test('instances found stopping are followed; one never reached is reported unknown; nothing is sent', async () => {
    // i-bj07's stop reached the cloud before the reload; i-bj08's never left.
    emu.control.volcengine.setStatus('i-bj07', 'RUNNING');
    emu.control.volcengine.setStatus('i-bj08', 'RUNNING');
    await client.instanceAction('cn-beijing', 'StopInstance', { instanceId: 'i-bj07', forceStop: false, stoppedMode: 'KeepCharging', clientToken: 'fp-resume-b1' });
    const journal = new InMemoryJournal([journaled(['i-bj07', 'i-bj08'])]);
    journals.push(journal);
    const engine = new OperationEngine({ providers: [createVolcengineProvider(() => client, DRIVER_OPTIONS)], journal });
    const seq = lastSeq();
    await engine.resumeAll();
    const record = engine.get('op-resume-i-bj07-i-bj08');
    assert.ok(record);
    seenRecords.push(record);
    engine.dispose();
    assert.equal(since(seq, 'StopInstance').length + since(seq, 'StopInstances').length, 0);
    assert.ok(since(seq, 'DescribeInstances').length >= 1);
    assert.equal(record.results['i-bj08']?.status, 'unknown');
    assert.equal(record.results['i-bj08']?.code, 'OutcomeUnknown');
    assert.equal(record.results['i-bj07']?.status, 'succeeded');
    assert.equal(record.results['i-bj07']?.finalState, 'STOPPED');
    assert.equal(record.status, 'partial');
  });

  void test('a journal entry without resume state ends unknown, not failed', async () => {
    const broken = { ...journaled(['i-bj09']), id: 'op-broken', resume: { v: 99 } };
    const journal = new InMemoryJournal([broken]);
    const engine = new OperationEngine({ providers: [createVolcengineProvider(() => client, DRIVER_OPTIONS)], journal });
    await engine.resumeAll();
    const record = engine.get('op-broken');
    engine.dispose();
    assert.equal(record?.status, 'unknown');
    assert.equal(record?.error?.code, 'ResumeStateMissing');
  });
});

void describe('volcengine: every seed-003 error code reaches the caller', () => {
  let strict: VolcengineClient;
  before(() => { strict = newClient({ retry: { maxAttempts: 1, maxThrottleRetries: 0 } }); });

  const stop = (id: string, extra: { stoppedMode?: StoppedMode; clientToken?: string; dryRun?: boolean; region?: string } = {}) =>
    strict.instanceAction(extra.region ?? 'cn-beijing', 'StopInstance', { instanceId: id, forceStop: false, ...extra });

  const cases: Record<string, () => Promise<VolcengineError>> = {
    'InvalidStoppedMode.Malformed': () => errorOf(stop('i-bj00', { stoppedMode: 'Hibernate' as StoppedMode })),
    'InvalidStoppedModeForScheduledInstance.Unsupported': () => errorOf(stop('i-scheduled', { stoppedMode: 'StopCharging' })),
    'InvalidDedicatedHostStatus.Unsupported': () => errorOf(stop('i-ddh')),
    'InvalidClientToken.Malformed': () => errorOf(stop('i-bj00', { clientToken: 'x'.repeat(65) })),
    InvalidArgument: () => errorOf(stop('i-bj00', { region: 'cn-guangzhou' })),
    IdempotentParameterMismatch: async () => {
      emu.control.volcengine.setStatus('i-bj00', 'RUNNING');
      emu.volcengine.setIdempotencyProcessingMs(0);
      const token = newClientToken();
      await stop('i-bj00', { clientToken: token });
      return errorOf(stop('i-bj01', { clientToken: token }));
    },
    'MissingParameter.InstanceId': async () => {
      const seq = lastSeq();
      const e = await errorOf(stop(''));
      assert.equal(since(seq, 'StopInstance').length, 0, 'refused before sending');
      return e;
    },
    InvalidInstanceStatus: () => errorOf(stop('i-stopped')),
    'InvalidInstance.NotFound': () => errorOf(stop('i-nope')),
    'InvalidStoppedMode.Conflict': () => errorOf(stop('i-stopped', { stoppedMode: 'StopCharging' })),
    'OperationDenied.ResourceLocked': () => errorOf(stop('i-locked')),
    'OperationDenied.ResourceCreatedByOtherService': () => errorOf(stop('i-othersvc')),
    'OperationDenied.InstanceIsCreatingImage': () => errorOf(stop('i-image')),
    'InvalidStoppedMode.InstanceTypeMismatch': () => errorOf(stop('i-baremetal', { stoppedMode: 'StopCharging' })),
    'InvalidStoppedMode.ChargeTypeMismatch': () => errorOf(stop('i-prepaid', { stoppedMode: 'StopCharging' })),
    DryRunOperation: async () => {
      // With DryRun the client turns DryRunOperation into a result; sent as a real error it stays one.
      emu.control.volcengine.setStatus('i-bj02', 'RUNNING');
      const r = await stop('i-bj02', { dryRun: true });
      assert.equal(r.dryRunPassed, true);
      emu.inject({ kind: 'status', status: 412, code: 'DryRunOperation', service: 'volc', route: /^StopInstance$/ });
      return errorOf(stop('i-bj02'));
    },
    IdempotentProcessing: async () => {
      emu.control.volcengine.setStatus('i-bj03', 'RUNNING');
      emu.volcengine.setIdempotencyProcessingMs(2000);
      const token = newClientToken();
      const firstCall = stop('i-bj03', { clientToken: token });
      await new Promise((r) => setTimeout(r, 20));
      try {
        return await errorOf(stop('i-bj03', { clientToken: token }));
      } finally {
        await firstCall;
        emu.volcengine.setIdempotencyProcessingMs(0);
      }
    },
    'Insufficient.InstanceCapacity': () => {
      emu.inject({ kind: 'status', status: 500, code: 'Insufficient.InstanceCapacity', message: 'There is not enough capacity to fulfill your request.', service: 'volc', route: /^StopInstance$/ });
      return errorOf(stop('i-bj04'));
    },
    InternalError: () => {
      emu.inject({ kind: 'status', status: 500, service: 'volc', route: /^StopInstance$/ });
      return errorOf(stop('i-bj04', { clientToken: newClientToken() }));
    },
  };

  void test('the cases cover the whole seed-003 table', () => {
    assert.deepEqual(Object.keys(cases).sort(), [...STOP_INSTANCE_ERROR_CODES].sort());
  });

  for (const [code, run] of Object.entries(cases)) {
    void test(code, async () => {
      const e = await run();
      assert.equal(e.info.code, code);
      assert.equal(e.info.cloud, 'volcengine');
      if (code !== 'MissingParameter.InstanceId') {
        assert.ok(e.info.requestId, 'RequestId is kept');
        assert.ok(e.info.httpStatus && e.info.httpStatus >= 400);
      }
      assert.ok(e.info.message.length > 0);
    });
  }

  void test('through the driver: the code, RequestId and category land in the record', async () => {
    const record = await runStop(['i-ddh'], 'cn-beijing', {});
    assert.equal(record.status, 'failed');
    assert.equal(record.error?.code, 'InvalidDedicatedHostStatus.Unsupported');
    assert.equal(record.error?.category, 'conflict');
    assert.ok(record.error?.requestId);
    assert.equal(record.results['i-ddh']?.code, 'InvalidDedicatedHostStatus.Unsupported');
  });
});

void describe('volcengine: credentials never leak', () => {
  void test('a wrong (canary) key pair → InvalidAccessKey, key masked', async () => {
    const canaryClient = newClient({ credentials: CANARY });
    const e = await errorOf(canaryClient.listRegions());
    assert.equal(e.info.code, 'InvalidAccessKey');
    assert.equal(e.info.category, 'authentication');
    assert.equal(e.info.httpStatus, 401);
    const record = await runStop(['i-bj05'], 'cn-beijing', {}, canaryClient);
    assert.equal(record.status, 'failed');
    assert.equal(record.error?.code, 'InvalidAccessKey');
  });

  void test('a right key id with the wrong secret → SignatureDoesNotMatch', async () => {
    const c = newClient({ credentials: { accessKeyId: emu.credentials.volcengine.accessKeyId, secretKey: CANARY.secretKey } });
    const e = await errorOf(c.listInstances('cn-beijing'));
    assert.equal(e.info.code, 'SignatureDoesNotMatch');
    assert.equal(e.info.category, 'authentication');
  });

  void test('no key or secret in any record, event, journal or error of this file', () => {
    assert.ok(seenRecords.length >= 20);
    const secrets = [CANARY.accessKeyId, CANARY.secretKey, emu.credentials.volcengine.accessKeyId, emu.credentials.volcengine.secretKey];
    const haystack = [JSON.stringify(seenRecords), ...journals.map((j) => j.raw()), ...seenErrors].join('\n');
    assert.ok(haystack.includes('InvalidAccessKey'), 'the canary errors are in the haystack');
    for (const s of secrets) assert.ok(!haystack.includes(s), 'a credential leaked');
  });
});
