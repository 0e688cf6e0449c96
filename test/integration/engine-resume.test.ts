/**
 * Operations survive a reload: an operation in flight is journaled with its serialized
 * pollers; a new engine (new client, new credential — as after a window reload) on the same
 * journal resumes polling through restorePoller and finishes it, without re-sending the action.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startEmulator, SAMPLE_SUBSCRIPTIONS, type Emulator } from '../../emulator/src/index';
import {
  createAzureCredential, createAzureFleetClient, createAzureProvider, resolveAzureEndpoint, type AzureFleetClient, type AzureResumeState,
} from '../../src/cloud/azure/index';
import { InMemoryJournal, OperationEngine, type OperationRecord, type OperationTarget } from '../../src/fleet/index';

let emu: Emulator;

before(async () => {
  emu = await startEmulator({ transitionMs: 1500, retryAfterSeconds: 0 });
  Object.assign(process.env, emu.env());
});

after(async () => {
  await emu.stop();
});

/** What activation builds: a credential, a client and an engine over the journal. */
async function activate(journal: InMemoryJournal): Promise<{ client: AzureFleetClient; engine: OperationEngine }> {
  const credential = await createAzureCredential('azureCli');
  const { endpoint, scope } = resolveAzureEndpoint({ cloud: 'Custom', resourceManagerEndpoint: emu.armUrl });
  const client = createAzureFleetClient({ endpoint, scope, credential, pollIntervalMs: 50 });
  return { client, engine: new OperationEngine({ providers: [createAzureProvider(client)], journal }) };
}

async function targetsOf(client: AzureFleetClient, sub: string, setName: string, ids: string[]): Promise<OperationTarget[]> {
  const set = (await client.listScaleSets(sub)).find((s) => s.name === setName);
  assert.ok(set);
  const instances = await client.listInstances(set);
  return ids.map((id) => {
    const i = instances.find((x) => x.instanceId === id);
    assert.ok(i, id);
    return { id: i.id, label: `${setName}/${id}`, scope: set.id };
  });
}

/** The record as the engine journaled it (the journal holds what the engine wrote). */
function journaled(journal: InMemoryJournal, id: string): OperationRecord | undefined {
  return (journal.load() as OperationRecord[]).find((r) => r.id === id);
}

function waitForPolls(engine: OperationEngine, id: string, polls: number): Promise<void> {
  return new Promise((resolve) => {
    let seen = 0;
    const sub = engine.onDidChange((r, e) => {
      if (r.id === id && e.type === 'progress' && ++seen >= polls) {
        sub.dispose();
        resolve();
      }
    });
  });
}

async function reloadAndResume(journal: InMemoryJournal, id: string): Promise<OperationRecord> {
  const { engine } = await activate(journal);
  assert.deepEqual(engine.inFlight().map((r) => r.id), [id], 'the journaled operation is known as in flight');
  await engine.resumeAll();
  await engine.flush();
  const record = engine.get(id);
  assert.ok(record);
  engine.dispose();
  return record;
}

void describe('resume after a reload', () => {
  void test('Uniform deallocate: disposed mid-poll, resumed by a new engine, finishes once', async () => {
    const journal = new InMemoryJournal();
    const first = await activate(journal);
    const t = await targetsOf(first.client, SAMPLE_SUBSCRIPTIONS.production, 'vmss-web', ['0', '1']);
    const { record, done } = first.engine.start({ kind: 'azure.deallocate', targets: t, options: { hibernate: false } });
    await waitForPolls(first.engine, record.id, 2);
    await first.engine.flush();
    first.engine.dispose();
    assert.equal((await done).status, 'running', 'disposing stops waiting, not the operation');

    const stored = journaled(journal, record.id);
    assert.equal(stored?.status, 'running');
    const resume = stored?.resume as AzureResumeState | undefined;
    assert.equal(resume?.requests.length, 1);
    assert.equal(typeof resume?.requests[0]?.poller, 'string', 'the serialized poller is journaled');
    assert.deepEqual(resume?.requests[0]?.instanceIds, ['0', '1']);
    const token = await (await createAzureCredential('azureCli')).getToken(resolveAzureEndpoint({ cloud: 'Custom', resourceManagerEndpoint: emu.armUrl }).scope);
    assert.ok(token && !journal.raw().includes(token.token), 'no token in the journal');
    assert.ok(!/Bearer|access_token|msiSecret/i.test(journal.raw()));
    assert.ok(!journal.raw().includes(emu.credentials.azure.msiSecret));

    const before = emu.requests.where({ service: 'arm', method: 'POST', operation: 'deallocate' }).length;
    const resumed = await reloadAndResume(journal, record.id);
    assert.equal(resumed.status, 'succeeded', JSON.stringify(resumed.error));
    const types = resumed.events.map((e) => e.type);
    const at = types.indexOf('resumed');
    assert.ok(at > types.indexOf('accepted'));
    assert.ok(types.slice(at).includes('progress'), 'polling continued after the reload');
    assert.ok(!types.slice(at).includes('requested'), 'nothing re-sent');
    assert.equal(types.at(-1), 'finished');
    for (const x of t) assert.deepEqual(resumed.results[x.id], { status: 'succeeded', finalState: 'deallocated' });
    assert.equal(emu.requests.where({ service: 'arm', method: 'POST', operation: 'deallocate' }).length, before, 'no second deallocate');
    assert.equal(journaled(journal, record.id)?.status, 'succeeded');
    assert.equal(journaled(journal, record.id)?.resume, undefined);
  });

  void test('Flexible per-VM power off: every VM poller is restored', async () => {
    const journal = new InMemoryJournal();
    const first = await activate(journal);
    const t = await targetsOf(first.client, SAMPLE_SUBSCRIPTIONS.devTest, 'vmss-jobs', ['vmss-jobs_1a2b3c4d', 'vmss-jobs_5e6f7a8b']);
    const { record } = first.engine.start({ kind: 'azure.powerOff', targets: t, options: { skipShutdown: true } });
    await waitForPolls(first.engine, record.id, 2);
    await new Promise((r) => setTimeout(r, 100));
    await first.engine.flush();
    first.engine.dispose();
    const resume = journaled(journal, record.id)?.resume as AzureResumeState | undefined;
    assert.equal(resume?.requests.filter((r) => typeof r.poller === 'string').length, 2);

    const resumed = await reloadAndResume(journal, record.id);
    assert.equal(resumed.status, 'succeeded', JSON.stringify(resumed.error));
    for (const x of t) assert.equal(resumed.results[x.id]?.finalState, 'stopped');
    assert.equal(emu.requests.where({ service: 'arm', method: 'POST', operation: 'powerOff' }).length, 2);
  });

  void test('reloaded before Azure answered: not re-sent, outcome unknown, state read back', async () => {
    const journal = new InMemoryJournal();
    const { client } = await activate(journal);
    const t = await targetsOf(client, SAMPLE_SUBSCRIPTIONS.production, 'vmss-web', ['20']);
    const set = t[0];
    assert.ok(set);
    const resume: AzureResumeState = {
      version: 1,
      requests: [{
        api: 'scaleSet', action: 'deallocate', subscriptionId: SAMPLE_SUBSCRIPTIONS.production, resourceGroup: 'rg-web-prod', name: 'vmss-web',
        instanceIds: ['20'], targets: [set.id],
        scaleSet: { id: set.scope, name: 'vmss-web', subscriptionId: SAMPLE_SUBSCRIPTIONS.production, resourceGroup: 'rg-web-prod', orchestrationMode: 'Uniform' },
      }],
    };
    const journaled = new InMemoryJournal([{
      id: 'op-lost', kind: 'azure.deallocate', cloud: 'azure', targets: t, options: { hibernate: false }, status: 'running',
      startedAt: Date.now() - 1000, events: [], results: {}, resume,
    }]);
    const posts = emu.requests.where({ service: 'arm', method: 'POST' }).length;
    const r = await reloadAndResume(journaled, 'op-lost');
    assert.equal(r.status, 'unknown');
    assert.equal(r.error?.code, 'OutcomeUnknown');
    assert.equal(r.results[set.id]?.status, 'unknown');
    assert.equal(r.results[set.id]?.finalState, 'running', 'the real state was read back');
    assert.equal(emu.requests.where({ service: 'arm', method: 'POST' }).length, posts, 'nothing was sent');
  });
});
