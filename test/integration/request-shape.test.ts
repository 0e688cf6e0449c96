/**
 * The request shape that keeps a large fleet fast, read from the emulator's request log:
 * listing N VMs issues only page requests (power states come with the pages, never one
 * request per VM), and a multi-select action sends one request per scale set carrying exactly
 * the chosen instanceIds (per VM only where the API has no scale-set form: Flexible power off).
 * Real SDKs over HTTPS against the emulator; nothing here is timed.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { generateFleet, startEmulator, type Emulator, type RecordedRequest } from '../../emulator/src/index';
import { createAzureCredential, createAzureFleetClient, createAzureProvider, resolveAzureEndpoint, type AzureFleetClient } from '../../src/cloud/azure/index';
import { InMemoryJournal, OperationEngine } from '../../src/fleet/index';
import type { OperationRequest, OperationTarget, ScaleSet, ScaleSetInstance } from '../../src/fleet/model';

const SUBSCRIPTIONS = 2;
const SCALE_SETS_PER_SUBSCRIPTION = 4; // generateFleet alternates Uniform (even) and Flexible (odd)
const VMS_PER_SCALE_SET = 7;
const PAGE = 3;
const PAGE_OPERATIONS = new Set(['listSubscriptions', 'listAllScaleSets', 'listVMs', 'listVirtualMachines']);

let emu: Emulator;
let client: AzureFleetClient;
let engine: OperationEngine;
let scaleSets: ScaleSet[] = [];
let instances = new Map<string, ScaleSetInstance[]>();

const pages = (n: number): number => Math.max(1, Math.ceil(n / PAGE));

before(async () => {
  const fleet = generateFleet({ subscriptions: SUBSCRIPTIONS, scaleSetsPerSubscription: SCALE_SETS_PER_SUBSCRIPTION, vmsPerScaleSet: VMS_PER_SCALE_SET, regions: 1, instancesPerRegion: 2, seed: 5 });
  emu = await startEmulator({ fleet, transitionMs: 60, retryAfterSeconds: 0, pageSize: PAGE });
  Object.assign(process.env, emu.env());
  const credential = await createAzureCredential('azureCli');
  const { endpoint, scope } = resolveAzureEndpoint({ cloud: 'Custom', resourceManagerEndpoint: emu.armUrl });
  client = createAzureFleetClient({ endpoint, scope, credential, pollIntervalMs: 20, maxConcurrency: 4 });
  engine = new OperationEngine({ providers: [createAzureProvider(client, { pollIntervalMs: 20 })], journal: new InMemoryJournal() });
});

after(async () => {
  engine.dispose();
  await emu.stop();
});

function armRequests(): RecordedRequest[] {
  return emu.requests.where({ service: 'arm' });
}

function scaleSetNamed(mode: 'Uniform' | 'Flexible', index: number): ScaleSet {
  const found = scaleSets.filter((s) => s.orchestrationMode === mode)[index];
  assert.ok(found, `a ${mode} scale set #${index}`);
  return found;
}

/** `count` instances of the scale set, made running first so every action is valid. */
function pick(ss: ScaleSet, positions: number[]): ScaleSetInstance[] {
  const all = instances.get(ss.id) ?? [];
  return positions.map((p) => {
    const inst = all[p];
    assert.ok(inst, `instance #${p} of ${ss.name}`);
    emu.control.azure.setPowerState(inst.id, 'running');
    return inst;
  });
}

function targetsOf(ss: ScaleSet, chosen: ScaleSetInstance[]): OperationTarget[] {
  return chosen.map((i) => ({ id: i.id, label: `${ss.name}/${i.instanceId}`, scope: ss.id }));
}

async function run(request: OperationRequest): Promise<RecordedRequest[]> {
  emu.requests.clear();
  const record = await engine.start(request).done;
  assert.equal(record.status, 'succeeded', JSON.stringify(record.error ?? record.results));
  return armRequests().filter((r) => r.method === 'POST');
}

function bodyIds(r: RecordedRequest): string[] {
  const ids = (r.body as { instanceIds?: unknown } | undefined)?.instanceIds;
  assert.ok(Array.isArray(ids), `${r.path} carries instanceIds`);
  return (ids as string[]).slice().sort();
}

void describe('request shape against the emulator', () => {
  void test(`listing ${SUBSCRIPTIONS * SCALE_SETS_PER_SUBSCRIPTION * VMS_PER_SCALE_SET} VMs issues page requests only`, async () => {
    emu.requests.clear();
    const subs = await client.listSubscriptions();
    const perSub = await client.listScaleSetsOf(subs.map((s) => s.subscriptionId));
    scaleSets = perSub.flatMap((s) => s.items ?? []);
    const lists = await client.listInstancesOf(scaleSets);
    instances = new Map(lists.map((l) => [l.source.id, l.items ?? []]));

    assert.equal(subs.length, SUBSCRIPTIONS);
    assert.ok(perSub.every((s) => !s.error) && lists.every((l) => !l.error), 'no list failed');
    assert.equal(scaleSets.length, SUBSCRIPTIONS * SCALE_SETS_PER_SUBSCRIPTION);
    assert.ok(scaleSets.some((s) => s.orchestrationMode === 'Flexible') && scaleSets.some((s) => s.orchestrationMode === 'Uniform'));

    // Every VM is listed with the power state the emulator holds.
    const truth = new Map<string, string>();
    for (const sub of emu.state().azure.subscriptions) {
      for (const ss of sub.resourceGroups.flatMap((g) => g.scaleSets)) for (const vm of ss.instances) truth.set(`${ss.name}/${vm.instanceId}`, vm.powerState ?? '');
    }
    const listed = [...instances.values()].flat();
    assert.equal(listed.length, SUBSCRIPTIONS * SCALE_SETS_PER_SUBSCRIPTION * VMS_PER_SCALE_SET);
    for (const i of listed) assert.equal(i.powerState, truth.get(`${i.scaleSet.name}/${i.instanceId}`), `${i.scaleSet.name}/${i.instanceId}`);

    const log = armRequests();
    const notPages = log.filter((r) => !PAGE_OPERATIONS.has(r.operation ?? ''));
    assert.deepEqual(notPages.map((r) => `${r.method} ${r.operation ?? r.path}`), [], 'only list requests');
    assert.ok(log.every((r) => r.method === 'GET' && r.status === 200));
    const expectedPages = pages(SUBSCRIPTIONS) + SUBSCRIPTIONS * pages(SCALE_SETS_PER_SUBSCRIPTION)
      + SUBSCRIPTIONS * SCALE_SETS_PER_SUBSCRIPTION * pages(VMS_PER_SCALE_SET);
    assert.equal(log.length, expectedPages, 'one request per page, each page once');
    // Power states came with the pages themselves.
    for (const r of log.filter((x) => x.operation === 'listVMs' || x.operation === 'listVirtualMachines')) {
      assert.match(r.query.$expand ?? '', /^instanceView$/i, `${r.path} asks for the instance view in the list`);
    }
  });

  void test('Uniform deallocate across two scale sets: one request per scale set with exactly the chosen ids', async () => {
    const a = scaleSetNamed('Uniform', 0);
    const b = scaleSetNamed('Uniform', 1);
    const fromA = pick(a, [1, 3, 5]);
    const fromB = pick(b, [0, 2]);
    const posts = await run({ kind: 'azure.deallocate', targets: [...targetsOf(a, fromA), ...targetsOf(b, fromB)], options: { hibernate: false } });
    assert.equal(posts.length, 2, posts.map((p) => p.path).join('\n'));
    for (const [ss, chosen] of [[a, fromA], [b, fromB]] as const) {
      const sent = posts.filter((p) => p.path.toLowerCase() === `${ss.id}/deallocate`.toLowerCase());
      assert.equal(sent.length, 1, `one deallocate for ${ss.name}`);
      assert.equal(sent[0]?.operation, 'deallocate');
      assert.deepEqual(bodyIds(sent[0]), chosen.map((i) => i.instanceId).sort());
      assert.ok(!('hibernate' in (sent[0]?.query ?? {})) || sent[0]?.query.hibernate === 'false');
    }
  });

  void test('Uniform power off of several VMs of one scale set: one scale-set powerOff with their ids', async () => {
    const ss = scaleSetNamed('Uniform', 2);
    const chosen = pick(ss, [0, 4, 6]);
    const posts = await run({ kind: 'azure.powerOff', targets: targetsOf(ss, chosen), options: { skipShutdown: true } });
    assert.equal(posts.length, 1);
    assert.equal(posts[0]?.path.toLowerCase(), `${ss.id}/powerOff`.toLowerCase());
    assert.equal(posts[0]?.query.skipShutdown, 'true');
    assert.deepEqual(bodyIds(posts[0]), chosen.map((i) => i.instanceId).sort());
  });

  void test('mixed selection: Uniform and Flexible deallocate go as one scale-set request each', async () => {
    const u = scaleSetNamed('Uniform', 3);
    const f = scaleSetNamed('Flexible', 0);
    const fromU = pick(u, [2, 3]);
    const fromF = pick(f, [0, 1, 4]);
    const posts = await run({ kind: 'azure.deallocate', targets: [...targetsOf(u, fromU), ...targetsOf(f, fromF)], options: { hibernate: false } });
    assert.equal(posts.length, 2, posts.map((p) => p.path).join('\n'));
    const toU = posts.find((p) => p.path.toLowerCase() === `${u.id}/deallocate`.toLowerCase());
    const toF = posts.find((p) => p.path.toLowerCase() === `${f.id}/deallocate`.toLowerCase());
    assert.ok(toU && toF, 'both scale sets addressed at scale-set level');
    assert.deepEqual(bodyIds(toU), fromU.map((i) => i.instanceId).sort());
    // A Flexible scale set's deallocate names its VMs.
    assert.deepEqual(bodyIds(toF), fromF.map((i) => i.name).sort());
  });

  void test('Flexible power off: one per-VM request for each chosen VM, none at scale-set level', async () => {
    const f = scaleSetNamed('Flexible', 1);
    const chosen = pick(f, [1, 2, 6]);
    const posts = await run({ kind: 'azure.powerOff', targets: targetsOf(f, chosen), options: { skipShutdown: false } });
    assert.equal(posts.length, chosen.length);
    assert.ok(posts.every((p) => p.operation === 'powerOff' && /\/virtualMachines\/[^/]+\/powerOff$/i.test(p.path) && !/virtualMachineScaleSets/i.test(p.path)));
    const names = posts.map((p) => p.path.split('/').at(-2) ?? '').sort();
    assert.deepEqual(names, chosen.map((i) => i.name).sort());
    assert.ok(posts.every((p) => p.query.skipShutdown === undefined || p.query.skipShutdown === 'false'));
  });
});

void describe('polling discipline against the emulator', () => {
  const DURATION_MS = 1500;
  const RETRY_AFTER_S = 1;
  let pemu: Emulator;
  let pengine: OperationEngine;
  let pclient: AzureFleetClient;

  before(async () => {
    const fleet = generateFleet({ subscriptions: 1, scaleSetsPerSubscription: 1, vmsPerScaleSet: 2, regions: 1, instancesPerRegion: 1, seed: 9 });
    for (const vm of fleet.azure.subscriptions[0]?.resourceGroups[0]?.scaleSets[0]?.instances ?? []) vm.powerState = 'running';
    pemu = await startEmulator({ fleet, transitionMs: DURATION_MS, retryAfterSeconds: RETRY_AFTER_S });
    // The stand-in az reads its emulator from the environment; this suite runs after the first.
    Object.assign(process.env, pemu.env());
    const credential = await createAzureCredential('azureCli');
    const { endpoint, scope } = resolveAzureEndpoint({ cloud: 'Custom', resourceManagerEndpoint: pemu.armUrl });
    pclient = createAzureFleetClient({ endpoint, scope, credential, pollIntervalMs: RETRY_AFTER_S * 1000 });
    pengine = new OperationEngine({ providers: [createAzureProvider(pclient)], journal: new InMemoryJournal() });
  });

  after(async () => {
    pengine.dispose();
    await pemu.stop();
  });

  // The first poll waits the 202's Retry-After: polling at once could only ever answer InProgress.
  void test('polls per operation ≤ ceil(duration / Retry-After) + 1', async () => {
    const subId = pemu.state().azure.subscriptions[0]?.subscriptionId ?? '';
    const [ss] = await pclient.listScaleSets(subId);
    assert.ok(ss);
    const vms = await pclient.listInstances(ss);
    pemu.requests.clear();
    const record = await pengine.start({ kind: 'azure.deallocate', targets: targetsOf(ss, vms), options: { hibernate: false } }).done;
    assert.equal(record.status, 'succeeded');
    const log = pemu.requests.where({ service: 'arm' });
    assert.equal(log.filter((r) => r.method === 'POST').length, 1);
    const polls = log.filter((r) => r.operation === 'operationStatus' || r.operation === 'operationResult');
    assert.ok(polls.length >= 1, 'the operation was polled');
    const limit = Math.ceil(DURATION_MS / (RETRY_AFTER_S * 1000)) + 1;
    assert.ok(polls.length <= limit, `${polls.length} polls for a ${DURATION_MS} ms operation with Retry-After ${RETRY_AFTER_S}: at most ${limit}`);
  });
});
