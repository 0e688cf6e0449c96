/**
 * The Azure cloud layer through the real SDKs (AzureCliCredential via the emulator's az,
 * @azure/arm-compute, @azure/arm-resources-subscriptions) against the emulator over HTTPS.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startEmulator, SAMPLE_SUBSCRIPTIONS, type Emulator } from '../../emulator/src/index';
import {
  createAzureCredential, createAzureFleetClient, resolveAzureEndpoint, type ArmHttpExchange, type AzureFleetClient,
} from '../../src/cloud/azure/index';
import type { ScaleSet } from '../../src/fleet/model';
import type { TokenCredential } from '@azure/core-auth';

let emu: Emulator;
let client: AzureFleetClient;
let credential: TokenCredential;
let scope: string;
const exchanges: ArmHttpExchange[] = [];
const PAGE = 2;

before(async () => {
  emu = await startEmulator({ transitionMs: 150, retryAfterSeconds: 0, pageSize: PAGE });
  Object.assign(process.env, emu.env());
  credential = await createAzureCredential('azureCli');
  const resolved = resolveAzureEndpoint({ cloud: 'Custom', resourceManagerEndpoint: emu.armUrl });
  scope = resolved.scope;
  const endpoint = resolved.endpoint;
  client = createAzureFleetClient({ endpoint, scope, credential, pollIntervalMs: 50, onHttpEvent: (x) => exchanges.push(x) });
});

after(async () => {
  await emu.stop();
});

async function scaleSet(name: string): Promise<ScaleSet> {
  for (const sub of Object.values(SAMPLE_SUBSCRIPTIONS)) {
    const found = (await client.listScaleSets(sub)).find((s) => s.name === name);
    if (found) return found;
  }
  throw new Error(`no scale set ${name}`);
}

void describe('Azure listing against the emulator', () => {
  void test('subscriptions: all of them over every page, disabled included with its state', async () => {
    emu.requests.clear();
    const subs = await client.listSubscriptions();
    const pages = emu.requests.where({ service: 'arm', method: 'GET' }).filter((r) => /^\/subscriptions\/?$/i.test(r.path));
    assert.equal(pages.length, Math.ceil(subs.length / PAGE), 'nextLink followed to the end');
    assert.ok(pages.length > 1);
    const fleet = emu.state().azure.subscriptions;
    assert.deepEqual(subs.map((s) => s.subscriptionId).sort(), fleet.map((s) => s.subscriptionId).sort());
    const disabled = subs.find((s) => s.subscriptionId === SAMPLE_SUBSCRIPTIONS.legacyDisabled);
    assert.equal(disabled?.state, 'Disabled');
    assert.ok(subs.every((s) => s.displayName.length > 0));
  });

  void test('scale sets carry orchestration mode, hibernation, location, sku and capacity', async () => {
    const web = await scaleSet('vmss-web');
    assert.equal(web.orchestrationMode, 'Uniform');
    assert.equal(web.hibernationEnabled, false);
    assert.equal(web.location, 'eastus');
    assert.equal(web.skuName, 'Standard_D2s_v5');
    const api = await scaleSet('vmss-api');
    assert.equal(api.orchestrationMode, 'Flexible');
    assert.equal(api.hibernationEnabled, true);
    const jobs = await scaleSet('vmss-jobs');
    assert.equal(jobs.hibernationEnabled, false);
    assert.equal(client.knownScaleSet(api.id.toUpperCase())?.name, 'vmss-api', 'listing fills the cache used by the drivers');
  });

  void test('Uniform instances: every page followed, power states from the list only', async () => {
    const web = await scaleSet('vmss-web');
    const fleetVms = emu.state().azure.subscriptions.flatMap((s) => s.resourceGroups).flatMap((g) => g.scaleSets).find((s) => s.name === 'vmss-web')?.instances ?? [];
    assert.ok(fleetVms.length > PAGE * 2, 'the sample scale set spans several pages');
    emu.requests.clear();
    const instances = await client.listInstances(web);
    assert.equal(instances.length, fleetVms.length);
    for (const vm of fleetVms) {
      const got = instances.find((i) => i.instanceId === vm.instanceId);
      assert.ok(got, `instance ${vm.instanceId} listed`);
      assert.equal(got.powerState, vm.powerState);
      assert.equal(got.scaleSet.id, web.id);
      assert.match(got.id, /\/virtualMachines\/\d+$/i);
    }
    const sent = emu.requests.where({ service: 'arm' });
    assert.equal(sent.length, Math.ceil(fleetVms.length / PAGE), 'one request per page, none per VM');
    assert.ok(sent.every((r) => r.operation === 'listVMs' && r.query.$expand === 'instanceView'));
  });

  void test('Flexible instances through the VM list filtered by scale set; hibernated shows as such', async () => {
    const api = await scaleSet('vmss-api');
    emu.requests.clear();
    const instances = await client.listInstances(api);
    const byName = new Map(instances.map((i) => [i.instanceId, i]));
    assert.equal(instances.length, 6);
    assert.equal(byName.get('vmss-api_5c6b7a89')?.powerState, 'hibernated');
    assert.equal(byName.get('vmss-api_e1f2a3b4')?.powerState, 'deallocated');
    assert.equal(byName.get('vmss-api_0d9e8f7a')?.powerState, 'stopped');
    assert.equal(byName.get('vmss-api_4f1c2a9e')?.powerState, 'running');
    assert.ok(instances.every((i) => i.name === i.instanceId && /\/virtualMachines\/vmss-api_/i.test(i.id)));
    const sent = emu.requests.where({ service: 'arm' });
    assert.ok(sent.length >= 1 && sent.length <= Math.ceil(6 / PAGE));
    for (const r of sent) {
      assert.match(r.path, /\/providers\/Microsoft\.Compute\/virtualMachines$/i, 'never the VMSS-VM API on a Flexible set');
    }
    assert.match(sent[0]?.query.$filter ?? '', /'virtualMachineScaleSet\/id' eq '.*vmss-api'/i);
  });

  void test('power state changes made in the cloud show on the next list', async () => {
    const jobs = await scaleSet('vmss-jobs');
    emu.control.azure.setPowerState('vmss-jobs_1a2b3c4d', 'deallocated', { hibernated: true });
    emu.control.azure.setPowerState('vmss-jobs_9c0d1e2f', 'starting');
    const instances = await client.listInstances(jobs);
    assert.equal(instances.find((i) => i.instanceId === 'vmss-jobs_1a2b3c4d')?.powerState, 'hibernated');
    assert.equal(instances.find((i) => i.instanceId === 'vmss-jobs_9c0d1e2f')?.powerState, 'starting');
  });

  void test('fan-out over subscriptions and scale sets keeps per-item errors', async () => {
    const subs = (await client.listSubscriptions()).map((s) => s.subscriptionId);
    const lists = await client.listScaleSetsOf([...subs, '00000000-0000-0000-0000-000000000000']);
    assert.equal(lists.length, subs.length + 1);
    const missing = lists.at(-1);
    assert.equal(missing?.error?.httpStatus, 404);
    assert.equal(missing?.error?.code, 'SubscriptionNotFound');
    assert.match(missing?.error?.message ?? '', /could not be found/, 'the server message, not "Pagination failed"');
    const all = lists.flatMap((l) => l.items ?? []);
    const perSet = await client.listInstancesOf(all);
    assert.ok(perSet.every((p) => p.items !== undefined && p.error === undefined));
    assert.equal(perSet.find((p) => p.source.name === 'vmss-legacy')?.items?.every((i) => i.powerState === 'deallocated'), true);
  });

  void test('a refused list surfaces code and the server message (Flexible through the VMSS-VM API)', async () => {
    const api = await scaleSet('vmss-api');
    await assert.rejects(client.listInstances({ ...api, orchestrationMode: 'Uniform' }), (err: unknown) => {
      const info = client.toCloudError(err, api.name);
      assert.equal(info.httpStatus, 400);
      assert.equal(info.code, 'BadRequest');
      assert.equal(info.category, 'invalidInput');
      assert.match(info.message, /is not allowed on Virtual Machine Scale Set 'vmss-api'/);
      assert.ok(info.requestId);
      return true;
    });
  });

  void test('throttled listing waits as asked and completes; the 429 is observed', async () => {
    const web = await scaleSet('vmss-web');
    exchanges.length = 0;
    emu.inject({ kind: 'throttle', service: 'arm', route: /\/virtualmachines$/, retryAfterSeconds: 1, count: 1 });
    const instances = await client.listInstances(web);
    assert.ok(instances.length > 0);
    const throttled = exchanges.filter((x) => x.phase === 'received' && x.status === 429);
    assert.equal(throttled.length, 1);
    assert.equal(throttled[0]?.retryAfterSeconds, 1);
    const retried = exchanges.filter((x) => x.phase === 'sent' && x.attempt === 2);
    assert.equal(retried.length, 1, 'the same request was sent once more after the wait');
  });

  void test('no token ever appears in what the client observes', async () => {
    exchanges.length = 0;
    await client.listSubscriptions();
    const token = await credential.getToken(scope);
    assert.ok(token && token.token.length > 20, 'the stand-in az issued a token');
    const text = JSON.stringify(exchanges);
    assert.ok(exchanges.length > 0);
    assert.ok(!text.includes(token.token));
    assert.ok(!/Bearer /i.test(text));
  });
});

void describe('Azure listing: bad answers', () => {
  void test('a body that is not JSON becomes a clear malformedResponse error', async () => {
    const web = await scaleSet('vmss-web');
    emu.inject({ kind: 'malformed', service: 'arm', route: /\/virtualmachines$/, count: 1 });
    await assert.rejects(client.listInstances(web), (err: unknown) => {
      const info = client.toCloudError(err, web.name);
      assert.equal(info.category, 'malformedResponse', JSON.stringify(info));
      assert.equal(info.code, 'MalformedResponse');
      assert.equal(info.target, 'vmss-web');
      return true;
    });
    assert.ok((await client.listInstances(web)).length > 0, 'the next call works');
  });

  void test('the environment credential without a configured principal is an authentication error', async () => {
    const saved = { ...process.env };
    for (const k of Object.keys(process.env)) if (k.startsWith('AZURE_')) delete process.env[k];
    try {
      const env = await createAzureCredential('environment');
      const c = createAzureFleetClient({ endpoint: emu.armUrl, scope: `${emu.armUrl}/.default`, credential: env, maxRetries: 0 });
      const before = emu.requests.where({ service: 'arm' }).length;
      await assert.rejects(c.listSubscriptions(), (err: unknown) => {
        const info = c.toCloudError(err);
        assert.equal(info.category, 'authentication', JSON.stringify(info));
        return true;
      });
      assert.equal(emu.requests.where({ service: 'arm' }).length, before, 'no request without a token');
    } finally {
      Object.assign(process.env, saved);
    }
  });
});
