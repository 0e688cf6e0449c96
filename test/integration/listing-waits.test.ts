/**
 * Throttled listings through the real SDKs against the emulator: the wait is the one the answer
 * asked for (Retry-After) and the listener hears it once per wait, with the cloud's code; without
 * Retry-After, Volcengine backs off on its own and says so. Also: listings are bounded per
 * subscription / per region, not across them.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type Emulator, SAMPLE_SUBSCRIPTIONS, startEmulator } from '../../emulator/src/index';
import { createAzureCredential, createAzureFleetClient, resolveAzureEndpoint, type AzureFleetClient } from '../../src/cloud/azure/index';
import { createVolcengineClient } from '../../src/cloud/volcengine/index';
import type { ThrottleWait } from '../../src/fleet/waits';

let emu: Emulator;
/** Answers every request after 300 ms, so requests in flight at once show as one wave. */
let slow: Emulator;
let azure: AzureFleetClient;
const LATENCY_MS = 300;

before(async () => {
  emu = await startEmulator({ transitionMs: 100, retryAfterSeconds: 0 });
  slow = await startEmulator({ transitionMs: 100, retryAfterSeconds: 0, latencyMs: LATENCY_MS });
  Object.assign(process.env, emu.env());
  const { endpoint, scope } = resolveAzureEndpoint({ cloud: 'Custom', resourceManagerEndpoint: emu.armUrl });
  azure = createAzureFleetClient({ endpoint, scope, credential: await createAzureCredential('azureCli'), maxConcurrency: 2 });
});

after(async () => {
  await emu.stop();
  await slow.stop();
});

/** How many requests were in flight at once at most, from the log (each answered LATENCY_MS after it arrived). */
function mostAtOnce(answeredAt: number[]): number {
  return Math.max(...answeredAt.map((t) => answeredAt.filter((u) => Math.abs(u - t) < LATENCY_MS / 2).length));
}

void describe('Azure listing waits', () => {
  void test('two 429s with Retry-After on a scale set\'s VM list: two waits as the cloud asked, then the list', async () => {
    const web = (await azure.listScaleSets(SAMPLE_SUBSCRIPTIONS.production)).find((s) => s.name === 'vmss-web');
    assert.ok(web);
    emu.requests.clear();
    emu.inject({ kind: 'throttle', service: 'arm', route: /virtualmachinescalesets\/vmss-web\/virtualmachines$/, retryAfterSeconds: 1, count: 2 });
    const waits: ThrottleWait[] = [];
    const started = Date.now();
    const instances = await azure.observeListing((wait) => waits.push(wait), () => azure.listInstances(web));
    const elapsed = Date.now() - started;
    assert.equal(instances.length, 24);
    assert.equal(waits.length, 2);
    for (const wait of waits) {
      assert.equal(wait.waitSeconds, 1);
      assert.equal(wait.askedByCloud, true);
      assert.equal(wait.httpStatus, 429);
      assert.equal(wait.code, 'OperationNotAllowed');
    }
    assert.ok(elapsed >= 2000, `the SDK waited as asked: ${elapsed} ms for two 1 s waits`);
    const throttled = emu.requests.where({ service: 'arm' }).filter((r) => r.status === 429);
    assert.equal(throttled.length, 2);
  });

  void test('a listing outside observeListing reports nothing to an earlier listener', async () => {
    const waits: ThrottleWait[] = [];
    await azure.observeListing((wait) => waits.push(wait), () => azure.listSubscriptions());
    emu.inject({ kind: 'throttle', service: 'arm', route: /^get \/subscriptions$/, retryAfterSeconds: 0, count: 1 });
    await azure.listSubscriptions();
    assert.equal(waits.length, 0);
  });

  void test('the bound is per subscription: with 2 allowed, each subscription has 2 lists in flight, both subscriptions at once', async () => {
    // The stand-in az signs in against the emulator its environment names: this one, for this test.
    const saved = { ...process.env };
    Object.assign(process.env, slow.env());
    const { endpoint, scope } = resolveAzureEndpoint({ cloud: 'Custom', resourceManagerEndpoint: slow.armUrl });
    const bounded = createAzureFleetClient({ endpoint, scope, credential: await createAzureCredential('azureCli'), maxConcurrency: 2 });
    try {
      const prod = await bounded.listScaleSets(SAMPLE_SUBSCRIPTIONS.production);
      const dev = await bounded.listScaleSets(SAMPLE_SUBSCRIPTIONS.devTest);
      slow.requests.clear();
      await bounded.listInstancesOf([...prod, ...prod, ...dev, ...dev]);
    } finally {
      Object.assign(process.env, saved);
    }
    const lists = slow.requests.where({ service: 'arm', method: 'GET' });
    const of = (id: string): number[] => lists.filter((r) => r.path.toLowerCase().includes(id.toLowerCase())).map((r) => r.at);
    assert.equal(mostAtOnce(of(SAMPLE_SUBSCRIPTIONS.production)), 2, 'never more than the bound within one subscription');
    assert.equal(mostAtOnce(of(SAMPLE_SUBSCRIPTIONS.devTest)), 2);
    assert.equal(mostAtOnce(lists.map((r) => r.at)), 4, 'the two subscriptions were listed alongside each other');
  });
});

void describe('Volcengine listing waits', () => {
  const sleeps: number[] = [];
  const client = (): ReturnType<typeof createVolcengineClient> => createVolcengineClient({
    endpoint: emu.volcUrl, credentials: emu.credentials.volcengine,
    sleep: (ms) => { sleeps.push(ms); return Promise.resolve(); },
  });

  void test('FlowLimitExceeded with Retry-After: 3 waits 3 s, as the cloud asked', async () => {
    sleeps.length = 0;
    const c = client();
    const heard: Array<{ waitMs: number; askedByCloud: boolean; code: string }> = [];
    emu.inject({ kind: 'throttle', service: 'volc', route: 'DescribeInstances', retryAfterSeconds: 3, count: 1 });
    const instances = await c.listInstances('cn-beijing', undefined, { onThrottled: ({ waitMs, askedByCloud, code }) => heard.push({ waitMs, askedByCloud, code }) });
    c.dispose();
    assert.ok(instances.length > 0);
    assert.deepEqual(heard, [{ waitMs: 3000, askedByCloud: true, code: 'FlowLimitExceeded' }]);
    assert.deepEqual(sleeps, [3000], 'the retry waited the Retry-After, not 0.5 s');
  });

  void test('FlowLimitExceeded without Retry-After: our own back-off from 500 ms, and it says so', async () => {
    sleeps.length = 0;
    const c = client();
    const heard: Array<{ waitMs: number; askedByCloud: boolean }> = [];
    emu.inject({ kind: 'throttle', service: 'volc', route: 'DescribeInstances', count: 2 });
    await c.listInstances('cn-beijing', undefined, { onThrottled: ({ waitMs, askedByCloud }) => heard.push({ waitMs, askedByCloud }) });
    c.dispose();
    assert.deepEqual(heard, [{ waitMs: 500, askedByCloud: false }, { waitMs: 1000, askedByCloud: false }]);
    assert.deepEqual(sleeps, [500, 1000]);
  });

  void test('the bound is per region: with 1 allowed, two regions are listed at once, one region\'s lists one after another', async () => {
    const c = createVolcengineClient({ endpoint: slow.volcUrl, credentials: slow.credentials.volcengine, maxConcurrency: 1 });
    slow.requests.clear();
    await Promise.all([c.listInstances('cn-beijing'), c.listInstances('cn-shanghai'), c.listInstances('cn-beijing')]);
    c.dispose();
    const lists = slow.requests.where({ service: 'volc' });
    assert.equal(lists.length, 3);
    assert.equal(mostAtOnce(lists.map((r) => r.at)), 2, JSON.stringify(lists.map((r) => [r.query.Region ?? '', r.at])));
  });
});
