/**
 * `npm run bench:soak [-- --minutes 30] [--concurrency 4] [--seed 1] [--out bench/results.md]`
 *
 * The soak: mixed operations on both clouds (Azure power off / deallocate, Volcengine stop),
 * several in flight at a time, for `--minutes`, each with a random fault armed first (429s,
 * 5xx, answers lost after the effect, unparsable polls, a 204 end, failed operations, throttled
 * reads). The emulator runs in its own process, so what is measured is this process: heap
 * after GC, handles and timers, sampled every minute and after everything was stopped. At the
 * end every operation must have ended (none lost), none may have been carried out twice (the
 * emulator's effect logs, per target, in the operation's own time window), and the journal
 * must hold only finished records. Writes the "Soak" section of bench/results.md.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { runBench } from './inner';
import { createAzureFleetClient, createAzureProvider } from '../src/cloud/azure/index';
import { createVolcengineClient, createVolcengineProvider } from '../src/cloud/volcengine/index';
import { InMemoryJournal, OperationEngine, newClientToken, type OperationRecord, type OperationRequest } from '../src/fleet/index';
import { CachedMsiCredential } from './credential';
import { startRemoteEmulator } from './remote';

setFlagsFromString('--expose-gc');
const gc = (): void => { (runInNewContext('gc') as () => void)(); };
const repo = resolve(dirname(process.argv[1] ?? '.'), '..');

interface Args { minutes: number; concurrency: number; seed: number; out: string }

function parseArgs(argv: string[]): Args {
  const a: Args = { minutes: 30, concurrency: 4, seed: 1, out: join(repo, 'bench', 'results.md') };
  for (let i = 0; i < argv.length; i++) {
    const value = argv[i + 1];
    if (value === undefined) throw new Error(`${argv[i] ?? ''} needs a value`);
    if (argv[i] === '--minutes') a.minutes = Number(value);
    else if (argv[i] === '--concurrency') a.concurrency = Number(value);
    else if (argv[i] === '--seed') a.seed = Number(value);
    else if (argv[i] === '--out') a.out = resolve(value);
    else throw new Error(`unknown option ${argv[i] ?? ''}`);
    i++;
  }
  if (!(a.minutes > 0) || !(a.concurrency >= 1)) throw new Error('--minutes and --concurrency must be positive');
  return a;
}

/** mulberry32: the same faults in the same order for the same seed. */
function random(seed: number): () => number {
  let t = seed >>> 0;
  return () => {
    t += 0x6d2b79f5;
    let r = Math.imul(t ^ (t >>> 15), 1 | t);
    r ^= r + Math.imul(r ^ (r >>> 7), 61 | r);
    return ((r ^ (r >>> 14)) >>> 0) / 4294967296;
  };
}

type Cloud = 'azure' | 'volcengine';
interface FaultChoice { name: string; cloud: Cloud; fault?: Record<string, unknown> }

const FAULTS: FaultChoice[] = [
  { name: 'none', cloud: 'azure' },
  { name: 'none', cloud: 'volcengine' },
  { name: '429 on the action', cloud: 'azure', fault: { kind: 'throttle', service: 'arm', routeRegex: '/(poweroff|deallocate)$', retryAfterSeconds: 1 } },
  { name: '503 on a status poll', cloud: 'azure', fault: { kind: 'status', status: 503, service: 'arm', routeRegex: '/operations/[^/]+$' } },
  { name: 'answer lost after the effect', cloud: 'azure', fault: { kind: 'reset', service: 'arm', routeRegex: '/(poweroff|deallocate)$', afterEffect: true } },
  { name: 'unparsable status polls', cloud: 'azure', fault: { kind: 'malformed', service: 'arm', routeRegex: '/operations/[^/]+$', count: 2 } },
  { name: 'Location ends with 204', cloud: 'azure', fault: { kind: 'lroNoContent', service: 'arm', routeRegex: '/(poweroff|deallocate)$' } },
  { name: 'operation ends Failed', cloud: 'azure', fault: { kind: 'lroFail', service: 'arm', routeRegex: '/(poweroff|deallocate)$' } },
  { name: 'FlowLimitExceeded on the stop', cloud: 'volcengine', fault: { kind: 'throttle', service: 'volc', routeRegex: '^StopInstances?$' } },
  { name: '500 on the stop', cloud: 'volcengine', fault: { kind: 'status', status: 500, service: 'volc', routeRegex: '^StopInstances?$' } },
  { name: 'stop answer lost after the effect', cloud: 'volcengine', fault: { kind: 'reset', service: 'volc', routeRegex: '^StopInstances?$', afterEffect: true } },
  { name: 'throttled state reads', cloud: 'volcengine', fault: { kind: 'throttle', service: 'volc', routeRegex: '^DescribeInstances$', count: 2 } },
];

interface Sample { minute: number; heapMb: number; handles: Record<string, number>; inFlight: number; finished: number }

function handleCounts(): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of process.getActiveResourcesInfo()) out[r] = (out[r] ?? 0) + 1;
  return out;
}

/**
 * Heap after collecting until it stops shrinking (at most six collections, finalizers and weak
 * callbacks run in between). A single gc() left memory that later collections freed: in a
 * 5-minute run it read 30.6 → 31.6 MB, rising every minute, while the same run with a heap
 * snapshot (which collects repeatedly) before each sample read 30.3–30.7 MB. Growth after one
 * collection is therefore not memory the process holds.
 */
async function sample(minute: number, inFlight: number, finished: number): Promise<Sample> {
  let before = Infinity;
  for (let i = 0; i < 6; i++) {
    gc();
    await new Promise((r) => setImmediate(r));
    const used = process.memoryUsage().heapUsed;
    if (used >= before * 0.999) break;
    before = used;
  }
  return { minute, heapMb: process.memoryUsage().heapUsed / 1024 / 1024, handles: handleCounts(), inFlight, finished };
}

/**
 * Where each pending timer was created, to name a leak: setTimeout / clearTimeout are wrapped
 * before anything else is loaded (the libraries use the global ones). Bench-only instrumentation.
 */
const liveTimers = new Map<unknown, string>();
function trackTimers(): void {
  const set = globalThis.setTimeout;
  const clear = globalThis.clearTimeout;
  const wrapped = (callback: (...args: unknown[]) => void, ms?: number, ...args: unknown[]): ReturnType<typeof set> => {
    const where = (new Error().stack ?? '').split('\n').slice(2, 5).map((l) => l.trim().replace(/^at /, '')).join(' < ');
    const timer = set(() => { liveTimers.delete(timer); callback(...args); }, ms);
    liveTimers.set(timer, `${ms ?? 0} ms from ${where}`);
    return timer;
  };
  globalThis.setTimeout = Object.assign(wrapped, { __promisify__: set.__promisify__ }) as unknown as typeof setTimeout;
  globalThis.clearTimeout = ((timer?: Parameters<typeof clear>[0]) => { liveTimers.delete(timer); clear(timer); });
}

function describeTimers(): string[] {
  return [...liveTimers.values()];
}

const sum = (counts: Record<string, number>, re: RegExp): number => Object.entries(counts).filter(([k]) => re.test(k)).reduce((n, [, v]) => n + v, 0);

async function main(): Promise<void> {
  trackTimers();
  const args = parseArgs(process.argv.slice(2));
  const next = random(args.seed);
  const baseline = await sample(0, 0, 0);
  const emu = await startRemoteEmulator(repo, { transitionMs: 1500, retryAfterSeconds: 1, latencyMs: 5, pageSize: 50 });
  const credential = new CachedMsiCredential(emu.msi.endpoint, emu.msi.secret);
  const azure = createAzureFleetClient({ endpoint: emu.armUrl, scope: `${emu.armUrl}/.default`, credential, pollIntervalMs: 500, requestTimeoutMs: 5000 });
  const volc = createVolcengineClient({ endpoint: emu.volcUrl, credentials: emu.volcengine, timeoutMs: 5000, retry: { baseDelayMs: 100, maxDelayMs: 1000 } });
  const journal = new InMemoryJournal();
  const engine = new OperationEngine({
    providers: [createAzureProvider(azure, { pollIntervalMs: 500 }), createVolcengineProvider(() => volc, { pollIntervalMs: 500, maxWaitMs: 60_000 })],
    journal, deadlineMs: () => 120_000,
  });

  // Targets: every Uniform and Flexible VM of the sample fleet, every ordinary ECS instance (not locked, not PrePaid…).
  const sets = (await azure.listScaleSetsOf((await azure.listSubscriptions()).filter((s) => s.state === 'Enabled').map((s) => s.subscriptionId))).flatMap((l) => l.items ?? []);
  const vms = (await azure.listInstancesOf(sets)).flatMap((l) => l.items ?? []).map((i) => ({ id: i.id, label: `${i.scaleSet.name}/${i.instanceId}`, scope: i.scaleSet.id }));
  const ecs = (await Promise.all((await volc.listRegions()).map((r) => volc.listInstances(r.regionId)))).flat()
    .filter((i) => i.chargeType === 'PostPaid' && !/i-bj02b0000000000006|i-sh01a0000000000009|i-sh02b000000000001[23]/.test(i.instanceId))
    .map((i) => ({ id: i.instanceId, label: i.name, scope: i.regionId }));
  const busy = new Set<string>();

  /** What the figures need of each operation; the record itself is not kept (3,800 of them would be this bench's own growth). */
  interface Run { id: string; kind: string; status: string; target: string; cloud: Cloud; fault: string; startedAt: number; endedAt?: number }
  const runs: Run[] = [];
  const samples: Sample[] = [];
  const faultsUsed = new Map<string, number>();
  const started = Date.now();
  const until = started + args.minutes * 60_000;
  let finished = 0;
  let nextSample = started + 60_000;

  async function one(): Promise<void> {
    const choice = FAULTS[Math.floor(next() * FAULTS.length)] ?? FAULTS[0];
    if (!choice) return;
    const pool = (choice.cloud === 'azure' ? vms : ecs).filter((t) => !busy.has(t.id));
    const target = pool[Math.floor(next() * pool.length)];
    if (!target) return;
    busy.add(target.id);
    try {
      if (choice.cloud === 'azure') await emu.setPowerState(target.id, 'running');
      else await emu.setEcsStatus(target.id, 'RUNNING');
      if (choice.fault) await emu.inject(choice.fault);
      faultsUsed.set(choice.name, (faultsUsed.get(choice.name) ?? 0) + 1);
      const request: OperationRequest = choice.cloud === 'volcengine'
        ? { kind: 'volcengine.stopInstance', targets: [target], options: { forceStop: next() < 0.3, stoppedMode: 'KeepCharging', dryRun: false, clientToken: newClientToken() } }
        : next() < 0.5 ? { kind: 'azure.powerOff', targets: [target], options: { skipShutdown: next() < 0.5 } } : { kind: 'azure.deallocate', targets: [target], options: { hibernate: false } };
      const startedAt = Date.now();
      const { record } = engine.start(request);
      const run: Run = { id: record.id, kind: record.kind, status: record.status, target: target.id, cloud: choice.cloud, fault: choice.name, startedAt };
      runs.push(run);
      run.status = (await engine.whenDone(record.id) ?? record).status;
      run.endedAt = Date.now();
      finished++;
      // An unconsumed fault must not land on the next operation of another kind.
      if (choice.fault) await emu.clearFaults();
    } finally {
      busy.delete(target.id);
    }
  }

  const workers = Array.from({ length: args.concurrency }, async () => {
    while (Date.now() < until) {
      await one();
      if (Date.now() >= nextSample) {
        nextSample += 60_000;
        samples.push(await sample(Math.round((Date.now() - started) / 60_000), engine.inFlight().length, finished));
        await emu.clearRequests(); // the emulator's own log is not what is measured, and need not grow
        process.stdout.write(`soak: minute ${samples.at(-1)?.minute ?? 0}, ${finished} operations finished, heap ${samples.at(-1)?.heapMb.toFixed(1) ?? '?'} MB\n`);
      }
    }
  });
  await Promise.all(workers);
  await engine.flush();
  const journaled = JSON.parse(journal.raw()) as OperationRecord[];
  const effects = await emu.effects();
  const endOfRun = await sample(Math.round((Date.now() - started) / 60_000), engine.inFlight().length, finished);
  engine.dispose();
  volc.dispose();
  await emu.stop();
  await new Promise((r) => setTimeout(r, 500));
  const afterStop = await sample(endOfRun.minute, 0, finished);
  process.stdout.write(`handles after stop: ${JSON.stringify(afterStop.handles)}\n`);
  const leftTimers = describeTimers();

  // Lost: an operation still running, or journaled as running. Doubled: more than one action on its target in its own window.
  const lost = runs.filter((r) => r.status === 'running').length + journaled.filter((r) => r.status === 'running').length;
  let doubled = 0;
  const doubledRuns: string[] = [];
  for (const run of runs) {
    // A target is held by one operation at a time, so its window is its own.
    const inWindow = (at: number): boolean => at >= run.startedAt && at <= (run.endedAt ?? Date.now());
    const n = run.cloud === 'azure'
      ? effects.azure.filter((e) => e.vmId.toLowerCase() === run.target.toLowerCase() && inWindow(e.at)).length
      : effects.volcengine.filter((e) => e.instanceId === run.target && inWindow(e.at)).length;
    doubled += Math.max(0, n - 1);
    if (n > 1) doubledRuns.push(`${run.kind} ${run.target.split('/').pop() ?? ''} (${run.fault}): ${n} actions, ${run.status}`);
  }
  const byStatus = new Map<string, number>();
  for (const run of runs) byStatus.set(run.status, (byStatus.get(run.status) ?? 0) + 1);

  const first = samples[0] ?? endOfRun;
  const timers = (s: Sample): number => sum(s.handles, /Timeout|Immediate/);
  const sockets = (s: Sample): number => sum(s.handles, /TCP|TLS|Pipe/);
  const heapGrowth = endOfRun.heapMb - first.heapMb;
  const flat = heapGrowth < 10 && timers(afterStop) <= timers(baseline) && sockets(afterStop) <= sockets(baseline);
  const when = new Date().toISOString().replace('T', ' ').replace(/\..*/, ' UTC');
  const section = [
    '## Soak',
    '',
    `\`npm run bench:soak -- --minutes ${args.minutes} --concurrency ${args.concurrency} --seed ${args.seed}\` on ${when}: ${runs.length} operations over ${((Date.now() - started) / 60_000).toFixed(1)} minutes, ${args.concurrency} in flight at a time, both clouds, each with a random fault armed first (the emulator in its own process; this process measured).`,
    '',
    '| Figure | Value | Goal |',
    '|---|---:|---|',
    `| operations started / finished | ${runs.length} / ${finished} | all finish |`,
    `| operations lost (still running, or journaled as running) | ${lost} | 0 |`,
    `| operations carried out twice (emulator effect logs, per target, in the operation's window) | ${doubled} | 0 |`,
    `| outcomes | ${[...byStatus].map(([s, n]) => `${s} ${n}`).join(', ')} | (faults make some fail or end unknown) |`,
    `| heap after GC: minute ${first.minute} → end of run | ${first.heapMb.toFixed(1)} → ${endOfRun.heapMb.toFixed(1)} MB (${heapGrowth >= 0 ? '+' : ''}${heapGrowth.toFixed(1)} MB) | < 10 MB growth |`,
    `| heap after GC, everything stopped | ${afterStop.heapMb.toFixed(1)} MB (before start ${baseline.heapMb.toFixed(1)} MB) | — |`,
    `| timers: before start / end of run / after stop | ${timers(baseline)} / ${timers(endOfRun)} / ${timers(afterStop)} | after stop ≤ before |`,
    `| sockets: before start / end of run / after stop | ${sockets(baseline)} / ${sockets(endOfRun)} / ${sockets(afterStop)} | after stop ≤ before |`,
    `| journal: records kept / running | ${journaled.length} / ${journaled.filter((r) => r.status === 'running').length} | 50 / 0 |`,
    `| verdict | ${lost === 0 && doubled === 0 && flat ? '**met**' : '**not met**'} | |`,
    '',
    `Faults armed: ${[...faultsUsed].map(([f, n]) => `${f} ${n}`).join(', ')}.`,
    ...(doubledRuns.length > 0 ? ['', `Carried out twice: ${doubledRuns.join('; ')}.`] : []),
    '',
    `Heap after GC each minute (MB): ${samples.map((s) => s.heapMb.toFixed(1)).join(', ')}.`,
    ...(leftTimers.length > 0 ? ['', `Timers left after everything stopped: ${leftTimers.join('; ')}.`] : []),
    '',
  ].join('\n');
  const previous = existsSync(args.out) ? readFileSync(args.out, 'utf8') : '# Fleet Power benchmarks\n';
  const cut = previous.indexOf('\n## Soak');
  writeFileSync(args.out, `${(cut >= 0 ? previous.slice(0, cut) : previous).trimEnd()}\n\n${section}`);
  process.stdout.write(`\n${section}\n`);
  process.exitCode = lost === 0 && doubled === 0 && flat ? 0 : 1;
}

runBench(repo, join(repo, 'bench', 'soak.ts'), main);
