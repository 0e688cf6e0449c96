/**
 * Polling discipline: the driver waits the Retry-After Azure sends with the 202 before the
 * first poll, and then polls only as often as Retry-After allows (counted, not timed).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startEmulator, SAMPLE_SUBSCRIPTIONS, type Emulator } from '../../emulator/src/index';
import { createAzureCredential, createAzureFleetClient, createAzureProvider, resolveAzureEndpoint } from '../../src/cloud/azure/index';
import { InMemoryJournal, OperationEngine } from '../../src/fleet/index';

const RETRY_AFTER_S = 1;
const OPERATION_MS = 1500;
let emu: Emulator;

before(async () => {
  emu = await startEmulator({ transitionMs: OPERATION_MS, retryAfterSeconds: RETRY_AFTER_S });
  Object.assign(process.env, emu.env());
});

after(async () => {
  await emu.stop();
});

void describe('polling discipline', () => {
  void test('polls per operation ≤ ceil(duration / Retry-After) + 1, first poll after Retry-After', async () => {
    const credential = await createAzureCredential('azureCli');
    const { endpoint, scope } = resolveAzureEndpoint({ cloud: 'Custom', resourceManagerEndpoint: emu.armUrl });
    // A short default interval: only the server's Retry-After may space the polls.
    const client = createAzureFleetClient({ endpoint, scope, credential, pollIntervalMs: 10 });
    const engine = new OperationEngine({ providers: [createAzureProvider(client)], journal: new InMemoryJournal() });
    const set = (await client.listScaleSets(SAMPLE_SUBSCRIPTIONS.production)).find((s) => s.name === 'vmss-web');
    assert.ok(set);
    const instances = (await client.listInstances(set)).filter((i) => i.powerState === 'running').slice(0, 2);
    const targets = instances.map((i) => ({ id: i.id, label: i.name, scope: set.id }));
    const seq = emu.requests.all().at(-1)?.seq ?? 0;
    const record = await engine.start({ kind: 'azure.deallocate', targets, options: { hibernate: false } }).done;
    engine.dispose();
    assert.equal(record.status, 'succeeded', JSON.stringify(record.error));
    const sent = emu.requests.where({ service: 'arm' }).filter((r) => r.seq > seq);
    const polls = sent.filter((r) => r.method === 'GET' && /\/operations\//i.test(r.path));
    const limit = Math.ceil(OPERATION_MS / (RETRY_AFTER_S * 1000)) + 1;
    assert.ok(polls.length >= 2 && polls.length <= limit, `${polls.length} polls (status + final Location), limit ${limit}`);
    const action = sent.find((r) => r.method === 'POST');
    assert.ok(action && polls[0] && polls[0].at - action.at >= RETRY_AFTER_S * 1000 - 50, 'the first poll waited for Retry-After');
    const accepted = record.events.find((e) => e.type === 'accepted');
    assert.ok(accepted?.type === 'accepted' && accepted.retryAfterSeconds === RETRY_AFTER_S);
  });
});
