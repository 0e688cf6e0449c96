/**
 * Azure operations end to end: engine → Azure drivers → real @azure/arm-compute → emulator.
 * Checks the requests the emulator received (exactly the chosen instanceIds, options as chosen),
 * the event stream, refusals as typed errors, LRO failures, throttling and the read-back.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startEmulator, SAMPLE_SUBSCRIPTIONS, type Emulator, type RecordedRequest } from '../../emulator/src/index';
import {
  createAzureCredential, createAzureFleetClient, createAzureProvider, resolveAzureEndpoint, type AzureFleetClient,
} from '../../src/cloud/azure/index';
import { InMemoryJournal, OperationEngine, type StartedOperation } from '../../src/fleet/index';
import type {
  OperationEvent, OperationKind, OperationRecord, OperationRequest, OperationTarget, OptionsOf, ScaleSet,
} from '../../src/fleet/model';

let emu: Emulator;
let client: AzureFleetClient;
let engine: OperationEngine;
const scaleSets = new Map<string, ScaleSet>();

before(async () => {
  emu = await startEmulator({ transitionMs: 300, retryAfterSeconds: 0, pageSize: 10 });
  Object.assign(process.env, emu.env());
  const credential = await createAzureCredential('azureCli');
  const { endpoint, scope } = resolveAzureEndpoint({ cloud: 'Custom', resourceManagerEndpoint: emu.armUrl });
  client = createAzureFleetClient({ endpoint, scope, credential, pollIntervalMs: 50 });
  engine = new OperationEngine({ providers: [createAzureProvider(client)], journal: new InMemoryJournal() });
  for (const sub of [SAMPLE_SUBSCRIPTIONS.production, SAMPLE_SUBSCRIPTIONS.devTest]) {
    for (const s of await client.listScaleSets(sub)) scaleSets.set(s.name, s);
  }
});

after(async () => {
  // Over the whole file: no scale-set level action ever left without an explicit, non-empty instanceIds.
  const actions = emu.requests.where({ service: 'arm', method: 'POST' })
    .filter((r) => /\/virtualMachineScaleSets\/[^/]+\/(poweroff|deallocate|performmaintenance)$/i.test(r.path));
  assert.ok(actions.length >= 5, 'scale-set actions were exercised');
  for (const r of actions) {
    const ids = (r.body as { instanceIds?: unknown } | undefined)?.instanceIds;
    assert.ok(Array.isArray(ids) && ids.length > 0, `instanceIds present on ${r.path}`);
  }
  engine.dispose();
  await emu.stop();
});

function ss(name: string): ScaleSet {
  const s = scaleSets.get(name);
  if (!s) throw new Error(`no scale set ${name}`);
  return s;
}

async function targets(scaleSetName: string, instanceIds: string[]): Promise<OperationTarget[]> {
  const set = ss(scaleSetName);
  const instances = await client.listInstances(set);
  return instanceIds.map((id) => {
    const i = instances.find((x) => x.instanceId === id);
    if (!i) throw new Error(`no instance ${id} in ${scaleSetName}`);
    return { id: i.id, label: `${set.name}/${i.instanceId}`, scope: set.id };
  });
}

function start<K extends OperationKind>(kind: K, targets: OperationTarget[], options: OptionsOf<K>): StartedOperation {
  // `kind` and `options` are typed together by the signature; the union cannot see that.
  return engine.start({ kind, targets, options } as OperationRequest);
}

function run<K extends OperationKind>(kind: K, targets: OperationTarget[], options: OptionsOf<K>): Promise<OperationRecord> {
  return start(kind, targets, options).done;
}

/** POSTs the emulator received since `seq`. */
function postsSince(seq: number): RecordedRequest[] {
  return emu.requests.where({ service: 'arm', method: 'POST' }).filter((r) => r.seq > seq);
}

function lastSeq(): number {
  return emu.requests.all().at(-1)?.seq ?? 0;
}

function types(r: OperationRecord): OperationEvent['type'][] {
  return r.events.map((e) => e.type);
}

/** requested → accepted → progress… → (stateRead/targetResult)… → finished, per request. */
function assertLroOrder(r: OperationRecord): void {
  const t = types(r);
  const first = (x: OperationEvent['type']): number => t.indexOf(x);
  assert.ok(first('requested') >= 0 && first('requested') < first('accepted'), `requested before accepted: ${t.join(',')}`);
  assert.ok(first('accepted') < first('progress'), `accepted before polls: ${t.join(',')}`);
  assert.ok(t.lastIndexOf('progress') < first('stateRead'), `polls before the read-back: ${t.join(',')}`);
  assert.equal(t.at(-1), 'finished');
  const accepted = r.events.find((e) => e.type === 'accepted');
  assert.ok(accepted?.type === 'accepted' && accepted.httpStatus === 202 && accepted.requestId && accepted.correlationId && accepted.statusUrl);
  const polls = r.events.filter((e) => e.type === 'progress');
  const last = polls.at(-1);
  assert.equal(last?.type === 'progress' && last.status, 'Succeeded');
  assert.ok(last?.type === 'progress' && last.httpStatus === 200 && last.requestId, 'the poll Azure answered is reported with its HTTP status');
}

void describe('power off', () => {
  void test('Uniform, several instances, skip shutdown: one scale-set request with exactly those ids', async () => {
    const t = await targets('vmss-web', ['0', '1']);
    const seq = lastSeq();
    const r = await run('azure.powerOff', t, { skipShutdown: true });
    assert.equal(r.status, 'succeeded', JSON.stringify(r.error));
    const posts = postsSince(seq);
    assert.equal(posts.length, 1);
    assert.match(posts[0]?.path ?? '', /\/virtualMachineScaleSets\/vmss-web\/powerOff$/i);
    assert.deepEqual(posts[0]?.body, { instanceIds: ['0', '1'] });
    assert.equal(posts[0]?.query.skipShutdown, 'true');
    assertLroOrder(r);
    for (const x of t) assert.deepEqual(r.results[x.id], { status: 'succeeded', finalState: 'stopped' });
    const requested = r.events.find((e) => e.type === 'requested');
    assert.ok(requested?.type === 'requested' && requested.targets.length === 2 && requested.action === 'powerOff');
    assert.ok(requested.http?.method === 'POST' && !/sig=|token/i.test(requested.http.url));
    assert.deepEqual(requested.parameters, { api: 'scaleSet', instanceIds: '0,1', skipShutdown: true });
  });

  void test('Uniform, one instance, graceful: the per-instance API', async () => {
    const t = await targets('vmss-web', ['2']);
    const seq = lastSeq();
    const r = await run('azure.powerOff', t, { skipShutdown: false });
    assert.equal(r.status, 'succeeded');
    const posts = postsSince(seq);
    assert.equal(posts.length, 1);
    assert.match(posts[0]?.path ?? '', /\/virtualMachineScaleSets\/vmss-web\/virtualMachines\/2\/powerOff$/i);
    assert.equal(posts[0]?.query.skipShutdown, 'false');
    assert.equal(r.results[t[0]?.id ?? '']?.finalState, 'stopped');
  });

  void test('Flexible: one request per VM through the VM API', async () => {
    const t = await targets('vmss-api', ['vmss-api_4f1c2a9e', 'vmss-api_7b3d5e10']);
    const seq = lastSeq();
    const r = await run('azure.powerOff', t, { skipShutdown: true });
    assert.equal(r.status, 'succeeded', JSON.stringify(r.error));
    const posts = postsSince(seq);
    assert.deepEqual(posts.map((p) => p.path.split('/').slice(-3).join('/')).sort(),
      ['virtualMachines/vmss-api_4f1c2a9e/powerOff', 'virtualMachines/vmss-api_7b3d5e10/powerOff']);
    assert.ok(posts.every((p) => p.query.skipShutdown === 'true' && /\/providers\/Microsoft\.Compute\/virtualMachines\//i.test(p.path)));
    for (const x of t) assert.equal(r.results[x.id]?.finalState, 'stopped');
    assert.equal(types(r).filter((x) => x === 'requested').length, 2);
  });

  void test('refused on a deallocated VM: 409 OperationNotAllowed with the server message', async () => {
    const t = await targets('vmss-web', ['12']);
    const r = await run('azure.powerOff', t, { skipShutdown: false });
    assert.equal(r.status, 'failed');
    assert.equal(r.error?.code, 'OperationNotAllowed');
    assert.equal(r.error?.httpStatus, 409);
    assert.equal(r.error?.category, 'conflict');
    assert.match(r.error?.message ?? '', /not allowed on VM 'vmss-web_12' since the VM is either deallocated/);
    assert.ok(r.error?.requestId);
    assert.equal(r.results[t[0]?.id ?? '']?.status, 'failed');
    assert.equal(r.results[t[0]?.id ?? '']?.code, 'OperationNotAllowed');
    assert.equal(r.results[t[0]?.id ?? '']?.finalState, 'deallocated', 'the node is re-read, not guessed');
  });

  void test('Flexible with one refused VM: partial, each VM reported on its own', async () => {
    const t = await targets('vmss-api', ['vmss-api_a2c4e6f8', 'vmss-api_e1f2a3b4']);
    const r = await run('azure.powerOff', t, { skipShutdown: false });
    assert.equal(r.status, 'partial');
    assert.equal(r.results[t[0]?.id ?? '']?.status, 'succeeded');
    assert.equal(r.results[t[1]?.id ?? '']?.status, 'failed');
    assert.equal(r.results[t[1]?.id ?? '']?.code, 'OperationNotAllowed');
    assert.equal(r.error?.code, 'OperationNotAllowed');
  });

  void test('unknown instance: 404 surfaces as notFound', async () => {
    const set = ss('vmss-web');
    const ghost: OperationTarget = { id: `${set.id}/virtualMachines/999`, label: 'vmss-web/999', scope: set.id };
    const r = await run('azure.powerOff', [ghost], { skipShutdown: false });
    assert.equal(r.status, 'failed');
    assert.equal(r.error?.httpStatus, 404);
    assert.equal(r.error?.category, 'notFound');
    assert.equal(r.error?.code, 'ResourceNotFound');
    assert.equal(r.results[ghost.id]?.status, 'failed');
  });
});

void describe('deallocate', () => {
  void test('Uniform without hibernate: one request, exact ids, no hibernate parameter', async () => {
    const t = await targets('vmss-web', ['3', '4', '5']);
    const seq = lastSeq();
    const r = await run('azure.deallocate', t, { hibernate: false });
    assert.equal(r.status, 'succeeded', JSON.stringify(r.error));
    const posts = postsSince(seq);
    assert.equal(posts.length, 1);
    assert.match(posts[0]?.path ?? '', /\/virtualMachineScaleSets\/vmss-web\/deallocate$/i);
    assert.deepEqual(posts[0]?.body, { instanceIds: ['3', '4', '5'] });
    assert.equal(posts[0]?.query.hibernate, undefined);
    assertLroOrder(r);
    for (const x of t) assert.equal(r.results[x.id]?.finalState, 'deallocated');
  });

  void test('Flexible with hibernation enabled, hibernate: VM names as instanceIds and hibernate=true', async () => {
    emu.control.azure.setPowerState('vmss-api_0d9e8f7a', 'running');
    const t = await targets('vmss-api', ['vmss-api_0d9e8f7a']);
    const seq = lastSeq();
    const r = await run('azure.deallocate', t, { hibernate: true });
    assert.equal(r.status, 'succeeded', JSON.stringify(r.error));
    const posts = postsSince(seq);
    assert.equal(posts.length, 1);
    assert.match(posts[0]?.path ?? '', /\/virtualMachineScaleSets\/vmss-api\/deallocate$/i);
    assert.deepEqual(posts[0]?.body, { instanceIds: ['vmss-api_0d9e8f7a'] });
    assert.equal(posts[0]?.query.hibernate, 'true');
    assert.equal(r.results[t[0]?.id ?? '']?.finalState, 'hibernated');
  });

  void test('Flexible without hibernate: one scale-set request with VM names, no hibernate parameter', async () => {
    const t = await targets('vmss-jobs', ['vmss-jobs_5e6f7a8b']);
    const seq = lastSeq();
    const r = await run('azure.deallocate', t, { hibernate: false });
    assert.equal(r.status, 'succeeded', JSON.stringify(r.error));
    const posts = postsSince(seq);
    assert.equal(posts.length, 1);
    assert.match(posts[0]?.path ?? '', /\/virtualMachineScaleSets\/vmss-jobs\/deallocate$/i);
    assert.deepEqual(posts[0]?.body, { instanceIds: ['vmss-jobs_5e6f7a8b'] });
    assert.equal(posts[0]?.query.hibernate, undefined);
    assert.equal(r.results[t[0]?.id ?? '']?.finalState, 'deallocated');
  });

  void test('hibernate is refused locally on Uniform and on Flexible without hibernation; nothing is sent', async () => {
    const uniform = await targets('vmss-web', ['6']);
    const flexNoHibernation = await targets('vmss-jobs', ['vmss-jobs_9c0d1e2f']);
    const seq = lastSeq();
    const a = await run('azure.deallocate', uniform, { hibernate: true });
    const b = await run('azure.deallocate', flexNoHibernation, { hibernate: true });
    assert.equal(a.status, 'failed');
    assert.equal(a.error?.code, 'HibernationNotSupported');
    assert.match(a.error?.message ?? '', /only available for Flexible/);
    assert.equal(b.status, 'failed');
    assert.equal(b.error?.code, 'HibernationNotEnabled');
    assert.equal(a.error?.category, 'invalidInput');
    assert.deepEqual(postsSince(seq), [], 'no action request reached Azure');
    assert.ok(!types(a).includes('requested'));
  });

  void test('refused while another operation is in progress', async () => {
    const t = await targets('vmss-web', ['7']);
    const first = start('azure.powerOff', t, { skipShutdown: false });
    await new Promise<void>((resolve) => {
      const sub = engine.onDidChange((rec, e) => { if (rec.id === first.record.id && e.type === 'accepted') { sub.dispose(); resolve(); } });
    });
    const second = await run('azure.deallocate', t, { hibernate: false });
    assert.equal(second.status, 'failed');
    assert.equal(second.error?.code, 'OperationNotAllowed');
    assert.match(second.error?.message ?? '', /another operation is in progress/);
    assert.equal((await first.done).status, 'succeeded');
  });

  void test('an instance id the scale set does not have: InvalidParameter, nothing acted on', async () => {
    const set = ss('vmss-web');
    const t = [...await targets('vmss-web', ['8']), { id: `${set.id}/virtualMachines/998`, label: 'vmss-web/998', scope: set.id }];
    const r = await run('azure.deallocate', t, { hibernate: false });
    assert.equal(r.status, 'failed');
    assert.equal(r.error?.code, 'InvalidParameter');
    assert.equal(r.error?.category, 'invalidInput');
    assert.equal(r.results[t[0]?.id ?? '']?.finalState, 'running');
  });

  void test('LRO ends Failed: the code and message from the status resource reach the outcome', async () => {
    emu.inject({ kind: 'lroFail', service: 'arm', route: /\/vmss-web\/deallocate$/, code: 'AllocationFailed', message: 'Allocation failed in the emulator.' });
    const t = await targets('vmss-web', ['9']);
    const r = await run('azure.deallocate', t, { hibernate: false });
    assert.equal(r.status, 'failed');
    assert.equal(r.error?.code, 'AllocationFailed');
    assert.equal(r.error?.message, 'Allocation failed in the emulator.');
    assert.ok(r.events.some((e) => e.type === 'progress' && e.status === 'Failed'));
    assert.equal(r.results[t[0]?.id ?? '']?.status, 'failed');
    assert.equal(r.results[t[0]?.id ?? '']?.finalState, 'running', 're-read after the failure');
  });

  void test('LRO ends Canceled: canceled outcome with the reason', async () => {
    emu.inject({ kind: 'lroCancel', service: 'arm', route: /\/vmss-web\/deallocate$/ });
    const t = await targets('vmss-web', ['9']);
    const r = await run('azure.deallocate', t, { hibernate: false });
    assert.equal(r.status, 'canceled');
    assert.equal(r.error?.code, 'OperationPreempted');
    assert.ok(r.events.some((e) => e.type === 'progress' && e.status === 'Canceled'));
    assert.equal(r.results[t[0]?.id ?? '']?.status, 'canceled');
    assert.equal(r.results[t[0]?.id ?? '']?.code, 'OperationPreempted');
  });

  void test('throttled action: the Retry-After wait is honoured and reported, then it completes once', async () => {
    emu.inject({ kind: 'throttle', service: 'arm', route: /\/vmss-dev\/deallocate$/, retryAfterSeconds: 1, count: 1 });
    const t = await targets('vmss-dev', ['0', '1']);
    const seq = lastSeq();
    const r = await run('azure.deallocate', t, { hibernate: false });
    assert.equal(r.status, 'succeeded', JSON.stringify(r.error));
    const throttled = r.events.find((e) => e.type === 'waiting');
    assert.ok(throttled?.type === 'waiting');
    assert.equal(throttled.reason, 'throttled');
    assert.equal(throttled.waitSeconds, 1);
    assert.equal(throttled.askedByCloud, true, 'the wait is the one ARM named in Retry-After');
    assert.equal(throttled.code, 'OperationNotAllowed');
    const t429 = throttled.at;
    const retry = r.events.find((e) => e.type === 'retrying');
    assert.ok(retry && retry.at - t429 >= 900, 'the next attempt waited for Retry-After');
    const posts = postsSince(seq);
    assert.deepEqual(posts.map((p) => p.status), [429, 202], 'one refused attempt, one accepted: no storm, no duplicate');
    assert.ok(posts.every((p) => JSON.stringify(p.body) === JSON.stringify({ instanceIds: ['0', '1'] })));
    assert.deepEqual(types(r).slice(0, 4), ['requested', 'waiting', 'retrying', 'accepted']);
  });

  void test('disabled subscription: the refusal is typed', async () => {
    const legacy = (await client.listScaleSets(SAMPLE_SUBSCRIPTIONS.legacyDisabled))[0];
    assert.ok(legacy);
    const inst = (await client.listInstances(legacy))[0];
    assert.ok(inst);
    const r = await run('azure.deallocate', [{ id: inst.id, label: inst.name, scope: legacy.id }], { hibernate: false });
    assert.equal(r.status, 'failed');
    assert.ok(r.error?.code && r.error.message && r.error.httpStatus && r.error.httpStatus >= 400);
  });
});

void describe('perform maintenance', () => {
  void test('Uniform eligible instances: one scale-set request with their ids', async () => {
    emu.control.azure.setMaintenanceEligible('vmss-web_15', true);
    emu.control.azure.setMaintenanceEligible('vmss-web_16', true);
    const t = await targets('vmss-web', ['15', '16']);
    const seq = lastSeq();
    const r = await run('azure.performMaintenance', t, {});
    assert.equal(r.status, 'succeeded', JSON.stringify(r.error));
    const posts = postsSince(seq);
    assert.equal(posts.length, 1);
    assert.match(posts[0]?.path ?? '', /\/virtualMachineScaleSets\/vmss-web\/performMaintenance$/i);
    assert.deepEqual(posts[0]?.body, { instanceIds: ['15', '16'] });
    assertLroOrder(r);
  });

  void test('Flexible: per VM', async () => {
    emu.control.azure.setPowerState('vmss-api_4f1c2a9e', 'running');
    const t = await targets('vmss-api', ['vmss-api_4f1c2a9e']);
    const seq = lastSeq();
    const r = await run('azure.performMaintenance', t, {});
    assert.equal(r.status, 'succeeded', JSON.stringify(r.error));
    const posts = postsSince(seq);
    assert.equal(posts.length, 1);
    assert.match(posts[0]?.path ?? '', /\/virtualMachines\/vmss-api_4f1c2a9e\/performMaintenance$/i);
  });

  void test('not eligible: OperationNotAllowed with the server message', async () => {
    emu.control.azure.setMaintenanceEligible('vmss-web_17', false);
    const t = await targets('vmss-web', ['17']);
    const r = await run('azure.performMaintenance', t, {});
    assert.equal(r.status, 'failed');
    assert.equal(r.error?.code, 'OperationNotAllowed');
    assert.match(r.error?.message ?? '', /not eligible/);
  });
});

void describe('token expiry', () => {
  void test('a token that expires while polling is replaced and polling continues', async () => {
    emu.inject({ kind: 'tokenExpiry', service: 'arm', route: /\/operations\//, count: 1 });
    const t = await targets('vmss-web', ['18']);
    const r = await run('azure.deallocate', t, { hibernate: false });
    assert.equal(r.status, 'succeeded', JSON.stringify(r.error));
    const retry = r.events.find((e) => e.type === 'retrying');
    assert.ok(retry?.type === 'retrying' && /token expired/.test(retry.reason));
    assert.equal(r.results[t[0]?.id ?? '']?.finalState, 'deallocated');
    const refused = emu.requests.where({ service: 'arm' }).filter((x) => x.status === 401);
    assert.equal(refused.length, 1, 'one refusal, then the new token was used everywhere');
    // Later listing through the shared clients works with the new token too.
    assert.ok((await client.listInstances(ss('vmss-web'))).length > 0);
  });
});
