/**
 * Start and Restart on Azure, Start and Reboot on Volcengine, end to end: engine → drivers →
 * the real @azure/arm-compute and @volcengine/openapi SDKs → the emulator over HTTPS. The
 * request log shows what left: one start per Uniform scale set with exactly the chosen ids,
 * per-VM calls on Flexible, never an omitted or empty instanceIds; Volcengine batches of ≤ 100
 * with a ClientToken each, the same token on a retried batch, DryRun only on single calls.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultFleet, startEmulator, SAMPLE_SUBSCRIPTIONS, type Emulator, type FleetEcsInstance, type RecordedRequest } from '../../emulator/src/index';
import {
  createAzureCredential, createAzureFleetClient, createAzureProvider, resolveAzureEndpoint, type AzureFleetClient,
} from '../../src/cloud/azure/index';
import { createVolcengineClient, createVolcengineProvider, type VolcengineClient } from '../../src/cloud/volcengine/index';
import { InMemoryJournal, newClientToken, OperationEngine } from '../../src/fleet/index';
import type { OperationKind, OperationRecord, OperationRequest, OperationTarget, OptionsOf } from '../../src/fleet/model';

const ecsInstance = (instanceId: string, extra: Partial<FleetEcsInstance> = {}): FleetEcsInstance => ({
  instanceId, instanceName: instanceId.replace(/^i-/, 'vm-'), status: 'STOPPED', stoppedMode: 'KeepCharging', instanceTypeId: 'ecs.g3i.large', instanceChargeType: 'PostPaid', ...extra,
});
const BULK = Array.from({ length: 150 }, (_, n) => `i-bulk${String(n).padStart(3, '0')}`);

let emu: Emulator;
let azure: AzureFleetClient;
let volc: VolcengineClient;
let engine: OperationEngine;

before(async () => {
  const fleet = defaultFleet();
  fleet.volcengine.regions = [{
    regionId: 'cn-beijing',
    zones: [
      { zoneId: 'cn-beijing-a', instances: BULK.map((id) => ecsInstance(id)) },
      {
        zoneId: 'cn-beijing-b',
        instances: [
          ecsInstance('i-keep01'), ecsInstance('i-keep02'), ecsInstance('i-keep03'),
          ecsInstance('i-econ01', { stoppedMode: 'StopCharging' }), ecsInstance('i-econ02', { stoppedMode: 'StopCharging', noStockOnStart: true }),
          ecsInstance('i-run01', { status: 'RUNNING', stoppedMode: undefined }), ecsInstance('i-run02', { status: 'RUNNING', stoppedMode: undefined }),
          ecsInstance('i-metal01', { status: 'RUNNING', stoppedMode: undefined, instanceTypeId: 'ecs.ebmg2t.32xlarge' }),
        ],
      },
    ],
  }];
  emu = await startEmulator({ fleet, transitionMs: 300, retryAfterSeconds: 0, pageSize: 10 });
  Object.assign(process.env, emu.env());
  const credential = await createAzureCredential('azureCli');
  const { endpoint, scope } = resolveAzureEndpoint({ cloud: 'Custom', resourceManagerEndpoint: emu.armUrl });
  azure = createAzureFleetClient({ endpoint, scope, credential, pollIntervalMs: 50 });
  volc = createVolcengineClient({ endpoint: emu.volcUrl, credentials: emu.credentials.volcengine, retry: { baseDelayMs: 20, maxDelayMs: 80 } });
  engine = new OperationEngine({
    providers: [createAzureProvider(azure), createVolcengineProvider(() => volc, { pollIntervalMs: 40, maxWaitMs: 20_000 })],
    journal: new InMemoryJournal(),
  });
});

after(async () => {
  // Over the whole file: no scale-set start or restart ever left without an explicit, non-empty instanceIds,
  // and no batch ECS action ever carried DryRun.
  const scaleSetActions = emu.requests.where({ service: 'arm', method: 'POST' }).filter((r) => /\/virtualMachineScaleSets\/[^/]+\/(start|restart)$/i.test(r.path));
  assert.ok(scaleSetActions.length >= 4, 'scale-set start / restart were exercised');
  for (const r of scaleSetActions) {
    const ids = (r.body as { instanceIds?: unknown } | undefined)?.instanceIds;
    assert.ok(Array.isArray(ids) && ids.length > 0, `instanceIds present on ${r.path}`);
  }
  const batches = emu.requests.where({ service: 'volc' }).filter((r) => /^(Start|Reboot)Instances$/.test(r.query.Action ?? ''));
  assert.ok(batches.length >= 3);
  for (const r of batches) assert.equal(params(r).DryRun, undefined, 'a batch call never carries DryRun');
  engine.dispose();
  volc.dispose();
  await emu.stop();
});

function run<K extends OperationKind>(kind: K, targets: OperationTarget[], options: OptionsOf<K>): Promise<OperationRecord> {
  // `kind` and `options` are typed together by the signature; the union cannot see that.
  return engine.start({ kind, targets, options } as OperationRequest).done;
}

function lastSeq(): number {
  return emu.requests.all().at(-1)?.seq ?? 0;
}

function since(seq: number, filter: (r: RecordedRequest) => boolean): RecordedRequest[] {
  return emu.requests.all().filter((r) => r.seq > seq && filter(r));
}

const armPosts = (seq: number): RecordedRequest[] => since(seq, (r) => r.service === 'arm' && r.method === 'POST');
const volcCalls = (seq: number, action: RegExp): RecordedRequest[] => since(seq, (r) => r.service === 'volc' && action.test(r.query.Action ?? ''));

/** A Volcengine request's parameters, from the query or a JSON/form body. */
function params(r: RecordedRequest): Record<string, string> {
  const body = r.body && typeof r.body === 'object' ? (r.body as Record<string, unknown>) : {};
  return { ...r.query, ...Object.fromEntries(Object.entries(body).map(([k, v]) => [k, String(v)])) };
}

async function azureTargets(scaleSetName: string, ids: string[]): Promise<OperationTarget[]> {
  for (const sub of [SAMPLE_SUBSCRIPTIONS.production, SAMPLE_SUBSCRIPTIONS.devTest]) {
    const set = (await azure.listScaleSets(sub)).find((s) => s.name === scaleSetName);
    if (!set) continue;
    const instances = await azure.listInstances(set);
    return ids.map((id) => {
      const i = instances.find((x) => x.instanceId === id);
      assert.ok(i, `${scaleSetName}/${id}`);
      return { id: i.id, label: `${scaleSetName}/${id}`, scope: set.id };
    });
  }
  throw new Error(`no scale set ${scaleSetName}`);
}

const volcTargets = (ids: string[]): OperationTarget[] => ids.map((id) => ({ id, label: id, scope: 'cn-beijing' }));

void describe('Azure start', () => {
  void test('Uniform, two scale sets: one start per scale set, exactly the chosen ids; every VM running', async () => {
    const t = [...await azureTargets('vmss-web', ['12', '13']), ...await azureTargets('vmss-dev', ['3'])];
    const seq = lastSeq();
    const r = await run('azure.start', t, {});
    assert.equal(r.status, 'succeeded', JSON.stringify(r.error));
    const posts = armPosts(seq);
    assert.deepEqual(posts.map((p) => [p.path.replace(/^.*\/virtualMachineScaleSets\//i, ''), p.body]).sort(), [
      ['vmss-dev/start', { instanceIds: ['3'] }],
      ['vmss-web/start', { instanceIds: ['12', '13'] }],
    ]);
    for (const x of t) assert.deepEqual(r.results[x.id], { status: 'succeeded', finalState: 'running' });
    const requested = r.events.filter((e) => e.type === 'requested');
    assert.ok(requested.every((e) => e.type === 'requested' && e.action === 'start' && e.http?.method === 'POST'));
  });

  void test('Uniform, one instance: still the scale-set start with that one id (never a call that could mean all)', async () => {
    const t = await azureTargets('vmss-web', ['14']);
    const seq = lastSeq();
    const r = await run('azure.start', t, {});
    assert.equal(r.status, 'succeeded', JSON.stringify(r.error));
    const posts = armPosts(seq);
    assert.equal(posts.length, 1);
    assert.match(posts[0]?.path ?? '', /\/virtualMachineScaleSets\/vmss-web\/start$/i);
    assert.deepEqual(posts[0]?.body, { instanceIds: ['14'] });
  });

  void test('Flexible: one start per VM through the VM API; the hibernated one resumes', async () => {
    const t = await azureTargets('vmss-api', ['vmss-api_5c6b7a89', 'vmss-api_e1f2a3b4']);
    const seq = lastSeq();
    const r = await run('azure.start', t, {});
    assert.equal(r.status, 'succeeded', JSON.stringify(r.error));
    assert.deepEqual(armPosts(seq).map((p) => p.path.split('/').slice(-4).join('/')).sort(), [
      'Microsoft.Compute/virtualMachines/vmss-api_5c6b7a89/start', 'Microsoft.Compute/virtualMachines/vmss-api_e1f2a3b4/start',
    ]);
    for (const x of t) assert.equal(r.results[x.id]?.finalState, 'running');
    const resumed = emu.state().azure.subscriptions[0]?.resourceGroups[0]?.scaleSets[1]?.instances.find((i) => i.instanceId === 'vmss-api_5c6b7a89');
    assert.equal(resumed?.hibernated, undefined);
  });

  void test('an allocation failure: each VM reported on its own, with the state read back', async () => {
    emu.control.azure.setPowerState('vmss-web_22', 'deallocated');
    emu.control.azure.setPowerState('vmss-web_12', 'deallocated');
    emu.control.azure.setAllocationFailure('vmss-web_22', true);
    const t = await azureTargets('vmss-web', ['12', '22']);
    const seq = lastSeq();
    const r = await run('azure.start', t, {});
    assert.equal(r.status, 'partial');
    assert.equal(armPosts(seq).length, 1, 'one request, never sent again');
    const [started, refused] = t;
    assert.equal(r.results[started?.id ?? '']?.status, 'succeeded');
    assert.equal(r.results[started?.id ?? '']?.finalState, 'running');
    assert.deepEqual(
      { status: r.results[refused?.id ?? '']?.status, code: r.results[refused?.id ?? '']?.code, finalState: r.results[refused?.id ?? '']?.finalState },
      { status: 'failed', code: 'AllocationFailed', finalState: 'deallocated' },
    );
    assert.equal(r.error?.code, 'AllocationFailed');
    assert.match(r.error?.message ?? '', /sufficient capacity/);
    emu.control.azure.setAllocationFailure('vmss-web_22', false);
  });
});

void describe('Azure restart', () => {
  void test('Uniform: one scale-set restart with the ids; Flexible: per VM; the VMs pass through starting and run again', async () => {
    const uniform = await azureTargets('vmss-web', ['4', '5']);
    const flexible = await azureTargets('vmss-jobs', ['vmss-jobs_1a2b3c4d']);
    const seq = lastSeq();
    const seen: string[] = [];
    const started = engine.start({ kind: 'azure.restart', targets: [...uniform, ...flexible], options: {} });
    const watch = setInterval(() => { seen.push(emu.state().azure.subscriptions[0]?.resourceGroups[0]?.scaleSets[0]?.instances[4]?.powerState ?? ''); }, 20);
    const r = await started.done;
    clearInterval(watch);
    assert.equal(r.status, 'succeeded', JSON.stringify(r.error));
    assert.ok(seen.includes('starting'), `the VM showed a transitional state: ${[...new Set(seen)].join(',')}`);
    const posts = armPosts(seq);
    assert.deepEqual(posts.map((p) => p.path.split('/').slice(-3).join('/')).sort(), ['virtualMachineScaleSets/vmss-web/restart', 'virtualMachines/vmss-jobs_1a2b3c4d/restart']);
    assert.deepEqual(posts.find((p) => /vmss-web/.test(p.path))?.body, { instanceIds: ['4', '5'] });
    for (const x of [...uniform, ...flexible]) assert.deepEqual(r.results[x.id], { status: 'succeeded', finalState: 'running' });
  });

  void test('a restart Azure refuses (the VM is stopped): failed with the code, the state read back', async () => {
    const t = await azureTargets('vmss-web', ['10']);
    const r = await run('azure.restart', t, {});
    assert.equal(r.status, 'failed');
    assert.equal(r.error?.code, 'OperationNotAllowed');
    assert.equal(r.error?.httpStatus, 409);
    assert.equal(r.results[t[0]?.id ?? '']?.finalState, 'stopped');
  });
});

void describe('Volcengine start', () => {
  void test('one instance: StartInstance with the action token, no DryRun, no ForceStop; RUNNING', async () => {
    const seq = lastSeq();
    const token = newClientToken();
    const r = await run('volcengine.startInstance', volcTargets(['i-keep01']), { dryRun: false, clientToken: token });
    assert.equal(r.status, 'succeeded', JSON.stringify(r.error));
    const calls = volcCalls(seq, /^Start/);
    assert.equal(calls.length, 1);
    const p = params(calls[0] as RecordedRequest);
    assert.equal(p.Action, 'StartInstance');
    assert.equal(p.InstanceId, 'i-keep01');
    assert.equal(p.ClientToken, token);
    assert.equal(p.DryRun, undefined);
    assert.equal(p.ForceStop, undefined, 'StartInstance has no ForceStop');
    assert.deepEqual(r.results['i-keep01'], { status: 'succeeded', finalState: 'RUNNING' });
  });

  void test('150 instances: two StartInstances of ≤ 100, each with its own token derived from the action\'s', async () => {
    const seq = lastSeq();
    const r = await run('volcengine.startInstance', volcTargets(BULK), { dryRun: false, clientToken: 'fp-bulk-start' });
    assert.equal(r.status, 'succeeded', JSON.stringify(r.error));
    const calls = volcCalls(seq, /^Start/).map(params);
    assert.deepEqual(calls.map((c) => [c.Action, Object.keys(c).filter((k) => k.startsWith('InstanceIds.')).length, c.ClientToken]), [
      ['StartInstances', 100, 'fp-bulk-start-b1'], ['StartInstances', 50, 'fp-bulk-start-b2'],
    ]);
    assert.equal(Object.values(r.results).filter((x) => x.finalState === 'RUNNING').length, 150);
  });

  void test('a retried batch carries the same ClientToken and acts once', async () => {
    for (const id of BULK.slice(0, 3)) emu.control.volcengine.setStatus(id, 'STOPPED', 'KeepCharging');
    const from = Date.now();
    emu.inject({ kind: 'reset', service: 'volc', route: /^StartInstances$/, afterEffect: true, count: 1 });
    const seq = lastSeq();
    const r = await run('volcengine.startInstance', volcTargets(BULK.slice(0, 3)), { dryRun: false, clientToken: 'fp-retried' });
    assert.equal(r.status, 'succeeded', JSON.stringify(r.error));
    const calls = volcCalls(seq, /^StartInstances$/);
    assert.equal(calls.length, 2, 'the lost answer was retried once');
    assert.deepEqual(calls.map((c) => params(c).ClientToken), ['fp-retried-b1', 'fp-retried-b1']);
    const effects = BULK.slice(0, 3).flatMap((id) => emu.volcengine.effects(id).filter((e) => e.at >= from && e.action === 'StartInstances'));
    assert.equal(effects.length, 3, 'each instance started once');
    assert.ok(r.events.some((e) => e.type === 'retrying'));
  });

  void test('DryRun of several: one StartInstance DryRun per instance, nothing starts', async () => {
    const seq = lastSeq();
    const r = await run('volcengine.startInstance', volcTargets(['i-keep02', 'i-keep03', 'i-econ01']), { dryRun: true, clientToken: newClientToken() });
    assert.equal(r.status, 'checked', JSON.stringify(r.results));
    const calls = volcCalls(seq, /^Start/).map(params);
    assert.deepEqual(calls.map((c) => [c.Action, c.InstanceId, c.DryRun]), [
      ['StartInstance', 'i-keep02', 'true'], ['StartInstance', 'i-keep03', 'true'], ['StartInstance', 'i-econ01', 'true'],
    ]);
    assert.equal(new Set(calls.map((c) => c.ClientToken)).size, 3);
    assert.equal(emu.volcengine.effects('i-keep02').length, 0);
  });

  void test('out of stock after an economical stop: the check and the start both fail with Insufficient.InstanceCapacity', async () => {
    const check = await run('volcengine.startInstance', volcTargets(['i-econ02']), { dryRun: true, clientToken: newClientToken() });
    assert.equal(check.status, 'failed');
    assert.equal(check.results['i-econ02']?.code, 'Insufficient.InstanceCapacity');
    const r = await run('volcengine.startInstance', volcTargets(['i-econ02']), { dryRun: false, clientToken: newClientToken() });
    assert.equal(r.status, 'failed');
    assert.equal(r.error?.code, 'Insufficient.InstanceCapacity');
    assert.equal(r.error?.httpStatus, 500);
    assert.deepEqual(r.results['i-econ02'], { status: 'failed', code: 'Insufficient.InstanceCapacity', message: 'There is not enough capacity to fulfill your request.', finalState: 'STOPPED' });
  });

  void test('a partial batch: HTTP 200, each instance\'s refusal from OperationDetails, its status read back', async () => {
    const seq = lastSeq();
    const r = await run('volcengine.startInstance', volcTargets(['i-econ01', 'i-econ02', 'i-run01']), { dryRun: false, clientToken: newClientToken() });
    assert.equal(r.status, 'partial');
    const [call] = volcCalls(seq, /^StartInstances$/);
    assert.equal(call?.status, 200);
    assert.deepEqual(r.results['i-econ01'], { status: 'succeeded', finalState: 'RUNNING' });
    assert.equal(r.results['i-econ02']?.code, 'Insufficient.InstanceCapacity');
    assert.equal(r.results['i-econ02']?.finalState, 'STOPPED');
    assert.equal(r.results['i-run01']?.code, 'InvalidInstanceStatus');
    assert.equal(r.results['i-run01']?.finalState, 'RUNNING');
  });
});

void describe('Volcengine reboot', () => {
  void test('with force: one RebootInstances with ForceStop=true; REBOOTING, then RUNNING; bare metal forced too', async () => {
    const from = Date.now();
    const seq = lastSeq();
    const r = await run('volcengine.rebootInstance', volcTargets(['i-run02', 'i-metal01']), { forceStop: true, clientToken: 'fp-reboot-1' });
    assert.equal(r.status, 'succeeded', JSON.stringify(r.error));
    const calls = volcCalls(seq, /^Reboot/).map(params);
    assert.deepEqual(calls.map((c) => [c.Action, c.ForceStop, c.ClientToken, c.DryRun]), [['RebootInstances', 'true', 'fp-reboot-1-b1', undefined]]);
    assert.ok(r.events.some((e) => e.type === 'stateRead' && e.state === 'REBOOTING'), 'the transitional state was read');
    assert.deepEqual(r.results['i-run02'], { status: 'succeeded', finalState: 'RUNNING' });
    assert.deepEqual(['i-run02', 'i-metal01'].map((id) => emu.volcengine.effects(id).filter((e) => e.at >= from).map((e) => e.forceStop)), [[true], [true]]);
  });

  void test('without force on one instance: RebootInstance ForceStop=false; a stopped instance is refused and read back', async () => {
    const seq = lastSeq();
    const r = await run('volcengine.rebootInstance', volcTargets(['i-run02']), { forceStop: false, clientToken: newClientToken() });
    assert.equal(r.status, 'succeeded', JSON.stringify(r.error));
    const [call] = volcCalls(seq, /^Reboot/).map(params);
    assert.deepEqual([call?.Action, call?.ForceStop], ['RebootInstance', 'false']);
    const refused = await run('volcengine.rebootInstance', volcTargets(['i-keep02']), { forceStop: false, clientToken: newClientToken() });
    assert.equal(refused.status, 'failed');
    assert.equal(refused.results['i-keep02']?.code, 'InvalidInstanceStatus');
    assert.equal(refused.results['i-keep02']?.finalState, 'STOPPED');
  });
});
