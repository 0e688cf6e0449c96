/**
 * One emulator, the real Azure and Volcengine cloud layers over HTTPS, and the operation
 * engine — set up the way the extension sets them up, with fast timings for the suite.
 */
import type { AccessToken, TokenCredential } from '@azure/core-auth';
import { startEmulator, SAMPLE_SUBSCRIPTIONS, type Emulator, type EmulatorOptions, type RecordedRequest } from '../../../emulator/src/index';
import {
  createAzureCredential, createAzureFleetClient, createAzureProvider, resolveAzureEndpoint, type AzureFleetClient,
} from '../../../src/cloud/azure/index';
import { createVolcengineClient, createVolcengineProvider, type VolcengineClient } from '../../../src/cloud/volcengine/index';
import { armIdKey, InMemoryJournal, OperationEngine, newClientToken, type CloudProvider } from '../../../src/fleet/index';
import type {
  OperationEvent, OperationKind, OperationRecord, OperationRequest, OperationTarget, OptionsOf, ScaleSet, ScaleSetInstance,
  StopInstanceOptions, StoppedMode,
} from '../../../src/fleet/model';
import { formatEvent, formatRecordLog } from '../../../src/ui/outputFormat';
import { describeCloudError } from '../../../src/ui/errorMessages';
import type { ScenarioProbe } from './results';

export { countLeaks } from './leaks';

export interface FleetHarness {
  emu: Emulator;
  azure: AzureFleetClient;
  volc: VolcengineClient;
  credential: TokenCredential;
  providers: CloudProvider[];
  /** Every output line the UI would have written for the operations run through `run`. */
  outputLines: string[];
  journals: InMemoryJournal[];
  records: OperationRecord[];
  /** Other texts a scenario showed (messages, errors of list calls): scanned for the canary. */
  shown: string[];
  /** Every ARM token the harness's credential handed out (canaries). */
  issuedTokens: Set<string>;
  /** Fresh engine over a fresh journal, with every driver (maxRecords as the product's default). */
  newEngine(journal?: InMemoryJournal, maxRecords?: number): OperationEngine;
  /** Counts the targets of every operation this engine starts or resumes as intended effects (newEngine does it itself). */
  track(engine: OperationEngine): void;
  /** The probe that measures duplicates and the canary for each scenario (results.ts useProbe). */
  probe(extra?: { canaries?: () => readonly string[] }): ScenarioProbe;
  run<K extends OperationKind>(kind: K, targets: OperationTarget[], options: OptionsOf<K>): Promise<OperationRecord>;
  stopOptions(o?: { forceStop?: boolean; stoppedMode?: StoppedMode; dryRun?: boolean; clientToken?: string }): StopInstanceOptions;
  scaleSet(name: string): Promise<ScaleSet>;
  instances(scaleSetName: string): Promise<ScaleSetInstance[]>;
  /** Operation targets for instances of a scale set, by instance id (Uniform) or VM name (Flexible). */
  azureTargets(scaleSetName: string, instanceIds: string[]): Promise<OperationTarget[]>;
  volcTargets(regionId: string, ids: string[]): OperationTarget[];
  /** Requests recorded after `mark()` returned `seq`. */
  mark(): number;
  since(seq: number, filter?: (r: RecordedRequest) => boolean): RecordedRequest[];
  stop(): Promise<void>;
}

/** Hands out the inner credential's tokens and remembers each, so the canary never needs a network call. */
class RecordingCredential implements TokenCredential {
  constructor(private readonly inner: TokenCredential, private readonly issued: Set<string>) {}
  async getToken(scopes: string | string[]): Promise<AccessToken | null> {
    const token = await this.inner.getToken(scopes);
    if (token) this.issued.add(token.token);
    return token;
  }
}

export const FAST: EmulatorOptions = { transitionMs: 30, retryAfterSeconds: 0, pageSize: 50 };

export async function startFleet(options: EmulatorOptions = {}, driverOptions: { azurePollMs?: number; volcPollMs?: number; maxRetries?: number; azureRequestTimeoutMs?: number } = {}): Promise<FleetHarness> {
  const emu = await startEmulator({ ...FAST, ...options });
  Object.assign(process.env, emu.env());
  const issuedTokens = new Set<string>();
  const credential = new RecordingCredential(await createAzureCredential('azureCli'), issuedTokens);
  const resolved = resolveAzureEndpoint({ cloud: 'Custom', resourceManagerEndpoint: emu.armUrl });
  const azure = createAzureFleetClient({
    endpoint: resolved.endpoint, scope: resolved.scope, credential, pollIntervalMs: driverOptions.azurePollMs ?? 20,
    ...(driverOptions.maxRetries !== undefined ? { maxRetries: driverOptions.maxRetries } : {}),
    ...(driverOptions.azureRequestTimeoutMs !== undefined ? { requestTimeoutMs: driverOptions.azureRequestTimeoutMs } : {}),
  });
  const volc = createVolcengineClient({
    endpoint: emu.volcUrl, credentials: emu.credentials.volcengine, timeoutMs: 2000, retry: { baseDelayMs: 10, maxDelayMs: 40 },
  });
  const providers = [
    createAzureProvider(azure, { pollIntervalMs: driverOptions.azurePollMs ?? 20 }),
    createVolcengineProvider(() => volc, { pollIntervalMs: driverOptions.volcPollMs ?? 15, maxWaitMs: 20_000 }),
  ];
  const outputLines: string[] = [];
  const journals: InMemoryJournal[] = [];
  const records: OperationRecord[] = [];
  const shown: string[] = [];
  // Per scenario (reset by the probe): operations seen, and how often each target was meant to be acted on.
  const seenOperations = new Set<string>();
  const intended = new Map<string, number>();
  const h: FleetHarness = {
    emu, azure, volc, credential, providers, outputLines, journals, records, shown, issuedTokens,
    newEngine(journal = new InMemoryJournal(), maxRecords = 50) {
      journals.push(journal);
      const engine = new OperationEngine({ providers, journal, maxRecords });
      engine.onDidChange((record, event) => {
        for (const line of formatEvent(record, event)) outputLines.push(line.text);
      });
      h.track(engine);
      return engine;
    },
    track(engine) {
      engine.onDidChange((record) => {
        if (seenOperations.has(record.id)) return;
        seenOperations.add(record.id);
        if (!engine.changesState(record)) return;
        for (const target of record.targets) intended.set(effectKey(target.id), (intended.get(effectKey(target.id)) ?? 0) + 1);
      });
    },
    probe(extra = {}) {
      let from = { azure: 0, volc: 0, output: 0, journals: 0, records: 0, shown: 0 };
      return {
        begin() {
          seenOperations.clear();
          intended.clear();
          from = {
            azure: emu.azureEffects().length, volc: emu.volcengine.effects().length,
            output: outputLines.length, journals: journals.length, records: records.length, shown: shown.length,
          };
        },
        duplicates() {
          const applied = [
            ...emu.azureEffects().slice(from.azure).map((e) => e.vmId),
            ...emu.volcengine.effects().slice(from.volc).map((e) => e.instanceId),
          ];
          if (seenOperations.size === 0 && applied.length === 0) return undefined;
          const counts = new Map<string, number>();
          for (const id of applied) counts.set(effectKey(id), (counts.get(effectKey(id)) ?? 0) + 1);
          let beyond = 0;
          for (const [key, n] of counts) beyond += Math.max(0, n - (intended.get(key) ?? 0));
          return beyond;
        },
        texts() {
          return [
            ...outputLines.slice(from.output), ...shown.slice(from.shown),
            ...journals.slice(from.journals).map((j) => j.raw()), ...records.slice(from.records).map((r) => JSON.stringify(r)),
          ];
        },
        canaries() {
          return Promise.resolve([...harnessSecrets(h), ...(extra.canaries?.() ?? [])]);
        },
      };
    },
    async run(kind, targets, opts) {
      const engine = h.newEngine();
      // `kind` and `opts` are typed together by the signature; the union cannot see that.
      const { done } = engine.start({ kind, targets, options: opts } as OperationRequest);
      const record = await done;
      await engine.flush();
      engine.dispose();
      records.push(record);
      // What the user would read: the log document and, when it failed, the error message.
      outputLines.push(...formatRecordLog(record).split('\n'));
      if (record.error) outputLines.push(describeCloudError(kind, record.error).message);
      return record;
    },
    stopOptions(o = {}) {
      return { forceStop: o.forceStop ?? false, stoppedMode: o.stoppedMode ?? 'KeepCharging', dryRun: o.dryRun ?? false, clientToken: o.clientToken ?? newClientToken() };
    },
    async scaleSet(name) {
      for (const sub of Object.values(SAMPLE_SUBSCRIPTIONS)) {
        const found = (await azure.listScaleSets(sub)).find((s) => s.name === name);
        if (found) return found;
      }
      throw new Error(`no scale set ${name}`);
    },
    async instances(name) {
      return azure.listInstances(await h.scaleSet(name));
    },
    async azureTargets(name, ids) {
      const all = await h.instances(name);
      return ids.map((id) => {
        const i = all.find((x) => x.instanceId === id);
        if (!i) throw new Error(`no instance ${id} in ${name}`);
        return { id: i.id, label: `${name}/${id}`, scope: i.scaleSet.id };
      });
    },
    volcTargets(regionId, ids) {
      return ids.map((id) => ({ id, label: id, scope: regionId }));
    },
    mark() {
      return emu.requests.all().at(-1)?.seq ?? 0;
    },
    since(seq, filter = () => true) {
      return emu.requests.all().filter((r) => r.seq > seq && filter(r));
    },
    async stop() {
      volc.dispose();
      await emu.stop();
    },
  };
  return h;
}

export function eventsOf<T extends OperationEvent['type']>(record: OperationRecord, type: T): Extract<OperationEvent, { type: T }>[] {
  return record.events.filter((e): e is Extract<OperationEvent, { type: T }> => e.type === type);
}

/** ARM actions that took effect: answered 202, or dropped by a fault after the effect was applied. */
export function armEffects(requests: RecordedRequest[]): RecordedRequest[] {
  return armActions(requests).filter((r) => r.status === 202 || (r.status === 0 && r.operation !== undefined));
}

export function armActions(requests: RecordedRequest[]): RecordedRequest[] {
  return requests.filter((r) => r.service === 'arm' && r.method === 'POST' && /\/(poweroff|deallocate|performmaintenance)$/i.test(r.path));
}

/** The emulator's VM ids and the targets' ids compare as the engine compares targets (case, Uniform ids by number). */
function effectKey(id: string): string {
  return armIdKey(id);
}

/** Every secret the harness holds: Volcengine key pair, the MSI secret, every ARM token it was handed (and each signature). */
function harnessSecrets(h: FleetHarness): string[] {
  return [
    h.emu.credentials.volcengine.accessKeyId,
    h.emu.credentials.volcengine.secretKey,
    h.emu.credentials.azure.msiSecret,
    ...[...h.issuedTokens].flatMap((token) => [token, token.split('.')[2] ?? '']),
  ].filter((s) => s.length >= 8);
}

export function secretsOf(h: FleetHarness): Promise<string[]> {
  return Promise.resolve(harnessSecrets(h));
}

/** Everything that could carry a secret: output lines, journals, records. */
export function persistedTexts(h: FleetHarness): string[] {
  return [...h.outputLines, ...h.journals.map((j) => j.raw()), ...h.records.map((r) => JSON.stringify(r))];
}
