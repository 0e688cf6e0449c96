/**
 * Load without faults: 50 operations in flight at once across both clouds, then 1,000 sequential
 * operations through one engine. Every operation must end in a terminal state in the journal,
 * nothing may act twice, and the process must hold no more handles or heap afterwards.
 */
import { after, before, describe } from 'node:test';
import assert from 'node:assert/strict';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { generateFleet } from '../../emulator/src/index';
import { InMemoryJournal, type OperationRecord, type OperationTarget } from '../../src/fleet/index';
import { armEffects, startFleet, type FleetHarness } from './support/fleet';
import { scenario, useProbe } from './support/results';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

let h: FleetHarness;
let handlesBefore: Record<string, number>;
let handlesWarm: Record<string, number>;
const azureTargets: OperationTarget[] = [];
let volcTargets: OperationTarget[] = [];
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown): void => { unhandled.push(reason); };

function handleCounts(): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of process.getActiveResourcesInfo()) out[r] = (out[r] ?? 0) + 1;
  return out;
}

async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((r) => setTimeout(r, 20));
}

function resetAll(): void {
  for (const t of azureTargets) h.emu.control.azure.setPowerState(t.id, 'running');
  for (const t of volcTargets) h.emu.control.volcengine.setStatus(t.id, 'RUNNING');
}

let listenersBefore = 0;

before(async () => {
  listenersBefore = process.listenerCount('unhandledRejection');
  process.on('unhandledRejection', onUnhandled);
  await settle();
  handlesBefore = handleCounts();
  const fleet = generateFleet({ subscriptions: 1, scaleSetsPerSubscription: 2, vmsPerScaleSet: 25, regions: 2, instancesPerRegion: 26, seed: 3 });
  h = await startFleet({ fleet, transitionMs: 5 }, { azurePollMs: 5, volcPollMs: 5 });
  useProbe(h.probe());
  const sub = fleet.azure.subscriptions[0]?.subscriptionId ?? '';
  const sets = await h.azure.listScaleSets(sub);
  for (const s of sets) {
    for (const i of await h.azure.listInstances(s)) azureTargets.push({ id: i.id, label: `${s.name}/${i.instanceId}`, scope: s.id });
  }
  volcTargets = fleet.volcengine.regions.flatMap((r) => r.zones.flatMap((z) => z.instances.map((i) => ({ id: i.instanceId, label: i.instanceId, scope: r.regionId }))));
  assert.equal(azureTargets.length, 50);
  assert.equal(volcTargets.length, 52);
  resetAll();
  await settle();
  handlesWarm = handleCounts();
});

after(async () => {
  process.off('unhandledRejection', onUnhandled);
  await h.stop();
});

function terminal(r: Pick<OperationRecord, 'status'>): boolean {
  return r.status !== 'running';
}

void describe('concurrency and volume', () => {
  scenario('concurrency: 50 in flight', 'both', '25 Azure and 25 Volcengine operations at once', async () => {
    resetAll();
    const journal = new InMemoryJournal();
    const engine = h.newEngine(journal);
    const m = h.mark();
    const from = Date.now();
    const started = [
      ...azureTargets.slice(0, 25).map((t, i) => engine.start(i % 2 ? { kind: 'azure.deallocate', targets: [t], options: { hibernate: false } } : { kind: 'azure.powerOff', targets: [t], options: { skipShutdown: false } })),
      ...volcTargets.slice(0, 25).map((t) => engine.start({ kind: 'volcengine.stopInstance', targets: [t], options: h.stopOptions() })),
    ];
    assert.equal(engine.inFlight().length, 50, 'all 50 are in flight together');
    const records = await Promise.all(started.map((s) => s.done));
    await engine.flush();
    engine.dispose();
    h.records.push(...records);
    for (const r of records) assert.equal(r.status, 'succeeded', `${r.kind} ${r.targets[0]?.label}: ${JSON.stringify(r.error)}`);
    const journaled = JSON.parse(journal.raw()) as OperationRecord[];
    assert.equal(journaled.length, 50);
    assert.ok(journaled.every(terminal), 'every journaled record is terminal');
    const sent = h.since(m);
    const effectsAzure = armEffects(sent).length;
    const effectsVolc = volcTargets.slice(0, 25).reduce((n, t) => n + h.emu.volcengine.effects(t.id).filter((e) => e.at >= from).length, 0);
    assert.equal(effectsAzure, 25, 'one accepted action per Azure operation');
    assert.equal(effectsVolc, 25, 'one stop per Volcengine instance');
    assert.equal(unhandled.length, 0);
    return { requests: sent.length };
  });

  scenario('volume: 1,000 sequential', 'both', '500 Azure and 500 Volcengine operations, one after another', async () => {
    resetAll();
    const journal = new InMemoryJournal();
    const engine = h.newEngine(journal);
    const m = h.mark();
    let finished = 0;
    let notTerminal = 0;
    let heapAfterWarmup = 0;
    engine.onDidChange((_record, event) => { if (event.type === 'finished') finished++; });
    for (let n = 0; n < 1000; n++) {
      const azure = n % 2 === 0;
      const pool = azure ? azureTargets : volcTargets;
      const target = pool[Math.floor(n / 2) % pool.length];
      assert.ok(target);
      if (azure) h.emu.control.azure.setPowerState(target.id, 'running');
      else h.emu.control.volcengine.setStatus(target.id, 'RUNNING');
      const { done } = azure
        ? engine.start({ kind: 'azure.powerOff', targets: [target], options: { skipShutdown: true } })
        : engine.start({ kind: 'volcengine.stopInstance', targets: [target], options: h.stopOptions() });
      const record = await done;
      if (!terminal(record) || record.status !== 'succeeded') notTerminal++;
      if (n === 99) {
        await engine.flush();
        gc();
        heapAfterWarmup = process.memoryUsage().heapUsed;
      }
    }
    await engine.flush();
    const journaled = JSON.parse(journal.raw()) as OperationRecord[];
    engine.dispose();
    gc();
    const heapAfter = process.memoryUsage().heapUsed;
    assert.equal(finished, 1000, 'every operation reported finished');
    assert.equal(notTerminal, 0, 'every operation succeeded');
    assert.equal(journaled.length, 50, 'the journal keeps the newest 50 finished records');
    assert.ok(journaled.every(terminal));
    const growthMb = (heapAfter - heapAfterWarmup) / 1024 / 1024;
    assert.ok(growthMb < 40, `heap stable after GC (grew ${growthMb.toFixed(1)} MB over 900 operations)`);
    const sent = h.since(m);
    const azureActions = armEffects(sent).length;
    assert.equal(azureActions, 500, 'exactly one accepted action per Azure operation');
    assert.equal(unhandled.length, 0);
    return { requests: sent.length };
  });

  scenario('resource leaks', 'both', 'no timers, sockets or listeners left after everything stopped', async () => {
    await h.stop();
    await settle();
    const now = handleCounts();
    // Network and timer handles must all be gone once the emulator closed its side.
    const live = Object.keys(now).filter((type) => /Timeout|Immediate|TCP|TLS|Process|FSReq|GetAddrInfo/.test(type));
    assert.deepEqual(live, [], `handles left: ${JSON.stringify(now)}`);
    // Nothing else may grow beyond what the process held before the emulator (or stdin, opened once by the tooling).
    const grew = Object.entries(now).filter(([type, n]) => n > Math.max(handlesBefore[type] ?? 0, handlesWarm[type] ?? 0));
    assert.deepEqual(grew, [], `handles before ${JSON.stringify(handlesBefore)}, warm ${JSON.stringify(handlesWarm)}, after ${JSON.stringify(now)}`);
    assert.equal(process.listenerCount('unhandledRejection'), listenersBefore + 1, 'no listener added besides this test\'s own');
    return { requests: 0 };
  });
});
