/**
 * The `volcengine.stopInstance` operation driver: StopInstance for one instance,
 * StopInstances in batches of ≤ 100 per region for several, StopInstance DryRun per instance
 * for a check, then DescribeInstances until every affected instance is STOPPED (or ERROR).
 * The action's ClientToken (and tokens derived from it per batch) make every retry safe.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { DriverOutcome, OperationContext, OperationDriver } from '../../fleet/driver';
import type {
  CloudErrorInfo, EcsStatus, OperationRecord, OperationStatus, OperationTarget, StoppedMode, TargetResult, TargetStatus,
} from '../../fleet/model';
import { planBatches } from '../../fleet/planner';
import { abortableSleep, ECS_API_VERSION, MAX_IDS_PER_CALL, isValidInstanceId, type CallHooks, type VolcengineClient } from './client';
import { VolcengineConfigError } from '../../fleet/endpoints/volcengine';
import { VolcengineCredentialsError } from './credentials';
import { VolcengineError, classifyVolcengineCode, toCloudErrorInfo } from './errors';

// ------------------------------------------------------------------ ClientToken

export const MAX_CLIENT_TOKEN_LENGTH = 64;

export class ClientTokenError extends Error {
  override readonly name = 'ClientTokenError';
  constructor(readonly problem: 'empty' | 'tooLong' | 'notAscii', message: string) {
    super(message);
  }
}

/** A fresh idempotency token for one user action: `fp-<uuid>` (39 ASCII characters). */
export function newClientToken(): string {
  return `fp-${randomUUID()}`;
}

/** ClientToken: 1–64 printable ASCII characters (the API's rule; spaces are refused too). */
export function validateClientToken(token: string): string {
  if (token.length === 0) throw new ClientTokenError('empty', 'The ClientToken is empty.');
  if (!/^[\x21-\x7e]+$/.test(token)) throw new ClientTokenError('notAscii', 'The ClientToken may only contain printable ASCII characters (no spaces).');
  if (token.length > MAX_CLIENT_TOKEN_LENGTH) {
    throw new ClientTokenError('tooLong', `The ClientToken is ${token.length} characters long; the limit is ${MAX_CLIENT_TOKEN_LENGTH}.`);
  }
  return token;
}

/**
 * The token for one call of a multi-call action (`${token}-b2`, `${token}-c7`): deterministic,
 * so a retried or resumed action sends exactly the same tokens; still ≤ 64 characters.
 */
export function deriveClientToken(token: string, tag: 'b' | 'c', n: number): string {
  const suffix = `-${tag}${n}`;
  if (token.length + suffix.length <= MAX_CLIENT_TOKEN_LENGTH) return `${token}${suffix}`;
  const digest = createHash('sha256').update(token).digest('hex');
  return `${digest.slice(0, MAX_CLIENT_TOKEN_LENGTH - suffix.length)}${suffix}`;
}

// ------------------------------------------------------------------ options and plan

export interface StopOptions {
  forceStop: boolean;
  stoppedMode: StoppedMode;
  dryRun: boolean;
  clientToken: string;
}

/** Reads the record's options (as the UI stored them); throws ClientTokenError / TypeError. */
export function parseStopOptions(options: Record<string, string | boolean>): StopOptions {
  const stoppedMode = options.stoppedMode ?? 'KeepCharging';
  if (stoppedMode !== 'KeepCharging' && stoppedMode !== 'StopCharging') {
    throw new TypeError(`StoppedMode must be KeepCharging or StopCharging (got ${String(stoppedMode)}).`);
  }
  const token = options.clientToken;
  if (typeof token !== 'string') throw new ClientTokenError('empty', 'The operation has no ClientToken.');
  return {
    forceStop: options.forceStop === true,
    stoppedMode,
    dryRun: options.dryRun === true,
    clientToken: validateClientToken(token),
  };
}

export interface StopCall {
  action: 'StopInstance' | 'StopInstances';
  regionId: string;
  instanceIds: string[];
  clientToken: string;
  dryRun: boolean;
}

/**
 * One instance → StopInstance with the action's token. Several → StopInstances per region in
 * batches of ≤ 100, each with `${token}-bN`. DryRun with several → StopInstance DryRun per
 * instance (`${token}-cN`), since StopInstances has no DryRun.
 */
export function planStopCalls(targets: readonly Pick<OperationTarget, 'id' | 'scope'>[], options: StopOptions): StopCall[] {
  const batches = planBatches(targets, MAX_IDS_PER_CALL);
  const all = batches.flatMap((b) => b.items.map((t) => ({ id: t.id, scope: b.scope })));
  if (all.length === 0) return [];
  if (all.length === 1) {
    const only = all[0]!;
    return [{ action: 'StopInstance', regionId: only.scope, instanceIds: [only.id], clientToken: options.clientToken, dryRun: options.dryRun }];
  }
  if (options.dryRun) {
    return all.map((t, i) => ({
      action: 'StopInstance', regionId: t.scope, instanceIds: [t.id], clientToken: deriveClientToken(options.clientToken, 'c', i + 1), dryRun: true,
    }));
  }
  return batches.map((b, i) => ({
    action: 'StopInstances', regionId: b.scope, instanceIds: b.items.map((t) => t.id), clientToken: deriveClientToken(options.clientToken, 'b', i + 1), dryRun: false,
  }));
}

// ------------------------------------------------------------------ resume state

/** What a reload needs: which instances (per region) we are waiting for. Never a credential. */
export interface StopResumeState {
  v: 1;
  /** 'sending': the calls may or may not have reached the cloud; 'polling': they were answered. */
  phase: 'sending' | 'polling';
  clientToken: string;
  affected: Record<string, string[]>;
  /** Instances whose stop request got no answer (lost response): confirm from their state. */
  uncertain?: string[];
}

function parseResumeState(value: unknown): StopResumeState | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const v = value as Partial<StopResumeState>;
  if (v.v !== 1 || (v.phase !== 'sending' && v.phase !== 'polling') || typeof v.affected !== 'object' || v.affected === null) return undefined;
  const affected: Record<string, string[]> = {};
  for (const [region, ids] of Object.entries(v.affected)) {
    if (!Array.isArray(ids) || !ids.every((id) => typeof id === 'string')) return undefined;
    affected[region] = ids;
  }
  const uncertain = Array.isArray(v.uncertain) ? v.uncertain.filter((id): id is string => typeof id === 'string') : [];
  return { v: 1, phase: v.phase, clientToken: typeof v.clientToken === 'string' ? v.clientToken : '', affected, uncertain };
}

// ------------------------------------------------------------------ driver

export interface VolcengineDriverOptions {
  /** Between DescribeInstances reads while waiting. Default 5000 ms. */
  pollIntervalMs?: number;
  /** Give up waiting (targets become 'unknown') after this long. Default 15 minutes. */
  maxWaitMs?: number;
  /** Consecutive failed reads before giving up waiting. Default 3. */
  maxPollFailures?: number;
  now?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export type VolcengineClientFactory = () => VolcengineClient | Promise<VolcengineClient>;


/** Errors from building the client (credentials, settings) as CloudErrorInfo, secret-free. */
export function describeVolcengineFailure(err: unknown): CloudErrorInfo {
  if (err instanceof VolcengineError) return err.info;
  if (err instanceof VolcengineCredentialsError) {
    return { cloud: 'volcengine', code: 'CredentialsInvalid', message: err.message, category: 'authentication' };
  }
  if (err instanceof VolcengineConfigError) {
    return { cloud: 'volcengine', code: 'InvalidSetting', message: err.message, category: 'invalidInput' };
  }
  if (err instanceof ClientTokenError) {
    return { cloud: 'volcengine', code: 'InvalidClientToken', message: err.message, category: 'invalidInput' };
  }
  if (err instanceof TypeError) {
    return { cloud: 'volcengine', code: 'InvalidOption', message: err.message, category: 'invalidInput' };
  }
  return toCloudErrorInfo(err);
}

function hooksFor(ctx: OperationContext): CallHooks {
  return {
    signal: ctx.signal,
    onThrottled: ({ waitMs, code, requestId }) => ctx.emit({ type: 'throttled', retryAfterSeconds: waitMs / 1000, code, ...(requestId ? { requestId } : {}) }),
    onRetry: ({ attempt, reason }) => ctx.emit({ type: 'retry', attempt, reason }),
  };
}

/** Tracks each target's outcome and decides the operation's status. */
class Outcomes {
  private readonly status = new Map<string, TargetStatus>();
  firstError: CloudErrorInfo | undefined;

  constructor(private readonly ctx: OperationContext, targets: readonly OperationTarget[], previous: Record<string, TargetResult>) {
    for (const t of targets) this.status.set(t.id, previous[t.id]?.status ?? 'pending');
  }

  set(id: string, result: TargetResult, error?: CloudErrorInfo): void {
    this.status.set(id, result.status);
    if (error && result.status !== 'succeeded' && result.status !== 'checked') this.firstError ??= { ...error, target: id };
    this.ctx.setResult(id, result);
  }

  isFinal(id: string): boolean {
    const s = this.status.get(id);
    return s !== undefined && s !== 'pending';
  }

  outcome(): DriverOutcome {
    const values = [...this.status.values()];
    const count = (s: TargetStatus): number => values.filter((v) => v === s).length;
    const n = values.length;
    const ok = count('succeeded');
    const checked = count('checked');
    const failed = count('failed');
    const pending = count('pending');
    let status: OperationStatus;
    if (pending > 0) status = 'unknown';
    else if (checked === n) status = 'checked';
    else if (ok === n) status = 'succeeded';
    else if (failed === n) status = 'failed';
    else if (ok + checked > 0) status = 'partial';
    else if (failed > 0) status = 'failed';
    else status = 'unknown';
    return status === 'succeeded' || status === 'checked' || !this.firstError ? { status } : { status, error: this.firstError };
  }
}

interface Refusal { id: string; result: TargetResult; info: CloudErrorInfo }

const STOP_DONE: ReadonlySet<EcsStatus> = new Set<EcsStatus>(['STOPPED']);
const STOP_UNDERWAY: ReadonlySet<EcsStatus> = new Set<EcsStatus>(['STOPPING', 'STOPPED', 'ERROR']);

export function createStopInstanceDriver(clientFactory: VolcengineClientFactory, opts: VolcengineDriverOptions = {}): OperationDriver {
  const pollIntervalMs = opts.pollIntervalMs ?? 5000;
  const maxWaitMs = opts.maxWaitMs ?? 15 * 60_000;
  const maxPollFailures = Math.max(1, opts.maxPollFailures ?? 3);
  const now = opts.now ?? Date.now;
  const sleep = opts.sleep ?? abortableSleep;

  async function getClient(): Promise<VolcengineClient> {
    return await clientFactory();
  }

  /**
   * Reads the affected instances until each is STOPPED (succeeded), ERROR (failed), missing
   * (failed), or the wait runs out (unknown). `uncertain` ids are confirmed from the first read:
   * if they are not stopping, the request probably never arrived.
   */
  async function waitForStopped(
    client: VolcengineClient, ctx: OperationContext, outcomes: Outcomes,
    affected: Record<string, string[]>, uncertain: ReadonlySet<string>,
  ): Promise<'done' | 'aborted'> {
    const pending = new Map<string, Set<string>>();
    for (const [region, ids] of Object.entries(affected)) {
      const open = ids.filter((id) => !outcomes.isFinal(id));
      if (open.length > 0) pending.set(region, new Set(open));
    }
    const lastState = new Map<string, string>();
    const deadline = now() + maxWaitMs;
    const hooks = hooksFor(ctx);
    let failures = 0;
    let firstRead = true;
    while (pending.size > 0) {
      if (ctx.signal.aborted) return 'aborted';
      if (!firstRead) {
        await sleep(pollIntervalMs, ctx.signal);
        if (ctx.signal.aborted) return 'aborted';
      }
      const counts = new Map<string, number>();
      let readError: unknown;
      for (const [region, ids] of [...pending]) {
        let found: Map<string, EcsStatus>;
        try {
          const instances = await client.listInstances(region, { instanceIds: [...ids] }, hooks);
          found = new Map(instances.map((i) => [i.instanceId, i.status]));
        } catch (err) {
          readError = err;
          continue;
        }
        for (const id of [...ids]) {
          const status = found.get(id);
          if (status === undefined) {
            const info: CloudErrorInfo = { cloud: 'volcengine', code: 'InvalidInstance.NotFound', message: 'The instance no longer appears in DescribeInstances.', category: 'notFound' };
            outcomes.set(id, { status: 'failed', code: info.code, message: info.message }, info);
            ids.delete(id);
            continue;
          }
          counts.set(status, (counts.get(status) ?? 0) + 1);
          if (lastState.get(id) !== status) {
            lastState.set(id, status);
            ctx.emit({ type: 'stateRead', target: id, state: status });
          }
          if (firstRead && uncertain.has(id) && !STOP_UNDERWAY.has(status)) {
            const info: CloudErrorInfo = {
              cloud: 'volcengine', code: 'OutcomeUnknown', category: 'network',
              message: `The stop request got no answer and the instance is ${status}: it may not have been sent. Check the instance and try again.`,
            };
            outcomes.set(id, { status: 'unknown', code: info.code, message: info.message, finalState: status }, info);
            ids.delete(id);
          } else if (STOP_DONE.has(status)) {
            outcomes.set(id, { status: 'succeeded', finalState: status });
            ids.delete(id);
          } else if (status === 'ERROR') {
            const info: CloudErrorInfo = { cloud: 'volcengine', code: 'InstanceError', message: 'The instance went into the ERROR state while stopping.', category: 'server' };
            outcomes.set(id, { status: 'failed', code: info.code, message: info.message, finalState: status }, info);
            ids.delete(id);
          }
        }
        if (ids.size === 0) pending.delete(region);
      }
      if (counts.size > 0) {
        ctx.emit({ type: 'poll', httpStatus: 200, status: [...counts].map(([s, c]) => `${s}:${c}`).join(' ') });
      }
      firstRead = false;
      failures = readError === undefined ? 0 : failures + 1;
      const giveUp = failures >= maxPollFailures ? describeVolcengineFailure(readError) : now() >= deadline ? undefined : null;
      if (giveUp !== null && pending.size > 0) {
        const info: CloudErrorInfo = giveUp ?? {
          cloud: 'volcengine', code: 'WaitTimeout', category: 'unknown',
          message: `Still not stopped after ${Math.round(maxWaitMs / 1000)} s; the stop may still complete. Refresh to check.`,
        };
        for (const ids of pending.values()) {
          for (const id of ids) {
            const state = lastState.get(id);
            outcomes.set(id, { status: 'unknown', code: info.code, message: info.message, ...(state ? { finalState: state } : {}) }, info);
          }
        }
        pending.clear();
      }
    }
    return 'done';
  }

  /** Reports each refused instance with its state read back (one read per region), not guessed. */
  async function reportRefused(client: VolcengineClient, ctx: OperationContext, outcomes: Outcomes, refused: Record<string, Refusal[]>): Promise<void> {
    for (const [region, refusals] of Object.entries(refused)) {
      const states = new Map<string, EcsStatus>();
      if (!ctx.signal.aborted) {
        try {
          for (const i of await client.listInstances(region, { instanceIds: refusals.map((r) => r.id) }, hooksFor(ctx))) states.set(i.instanceId, i.status);
        } catch {
          // The refusals stand as reported; the view refreshes on its own.
        }
      }
      for (const { id, result, info } of refusals) {
        const state = states.get(id);
        if (state) ctx.emit({ type: 'stateRead', target: id, state });
        outcomes.set(id, state ? { ...result, finalState: state } : result, info);
      }
    }
  }

  async function runDryRun(client: VolcengineClient, ctx: OperationContext, outcomes: Outcomes, calls: StopCall[], options: StopOptions): Promise<void> {
    const hooks = hooksFor(ctx);
    for (const call of calls) {
      if (ctx.signal.aborted) return;
      const id = call.instanceIds[0]!;
      ctx.emit(requestedEvent(client, call, options));
      try {
        const r = await client.stopInstance(call.regionId, {
          instanceId: id, forceStop: options.forceStop, stoppedMode: options.stoppedMode, clientToken: call.clientToken, dryRun: true,
        }, hooks);
        ctx.emit({ type: 'accepted', httpStatus: r.dryRunPassed ? 412 : 200, ...(r.requestId ? { requestId: r.requestId } : {}) });
        outcomes.set(id, r.dryRunPassed
          ? { status: 'checked', code: 'DryRunOperation', message: 'Checks passed; nothing was stopped.' }
          // A server that ignored DryRun would have stopped it: say so rather than hide it.
          : { status: 'succeeded', message: 'The server did not treat the request as a check.' });
      } catch (err) {
        const info = describeVolcengineFailure(err);
        outcomes.set(id, { status: info.category === 'network' ? 'unknown' : 'failed', code: info.code, message: info.message }, info);
      }
    }
  }

  async function drive(record: OperationRecord, ctx: OperationContext): Promise<DriverOutcome> {
    const outcomes = new Outcomes(ctx, record.targets, {});
    let options: StopOptions;
    try {
      options = parseStopOptions(record.options);
    } catch (err) {
      return { status: 'failed', error: describeVolcengineFailure(err) };
    }
    // Ids that cannot be instance ids are refused one by one; the rest go ahead.
    const valid = record.targets.filter((t) => {
      if (isValidInstanceId(t.id)) return true;
      const info: CloudErrorInfo = { cloud: 'volcengine', code: 'InvalidInstanceId', message: 'This is not a Volcengine instance id; nothing was sent for it.', category: 'invalidInput' };
      outcomes.set(t.id, { status: 'failed', code: info.code, message: info.message }, info);
      return false;
    });
    if (valid.length === 0 && record.targets.length > 0) return outcomes.outcome();
    const calls = planStopCalls(valid, options);
    if (calls.length === 0) {
      return { status: 'failed', error: { cloud: 'volcengine', code: 'NoTargets', message: 'Nothing to stop: the selection is empty.', category: 'invalidInput' } };
    }
    let client: VolcengineClient;
    try {
      client = await getClient();
    } catch (err) {
      return { status: 'failed', error: describeVolcengineFailure(err) };
    }

    if (options.dryRun) {
      await runDryRun(client, ctx, outcomes, calls, options);
      return outcomes.outcome();
    }

    const affected: Record<string, string[]> = {};
    for (const c of calls) (affected[c.regionId] ??= []).push(...c.instanceIds);
    // Written before sending: after a reload mid-send the state is confirmed, never re-sent.
    ctx.setResume({ v: 1, phase: 'sending', clientToken: options.clientToken, affected } satisfies StopResumeState);

    const accepted: Record<string, string[]> = {};
    const uncertain = new Set<string>();
    const refused: Record<string, Refusal[]> = {};
    const hooks = hooksFor(ctx);
    if (ctx.signal.aborted) return { status: 'running' };
    // The batches go out together (the client bounds requests in flight); each keeps its own
    // ClientToken, so a retry of one never repeats another's effect.
    await Promise.all(calls.map(async (call) => {
      ctx.emit(requestedEvent(client, call, options));
      try {
        if (call.action === 'StopInstance') {
          const id = call.instanceIds[0]!;
          const r = await client.stopInstance(call.regionId, {
            instanceId: id, forceStop: options.forceStop, stoppedMode: options.stoppedMode, clientToken: call.clientToken, dryRun: false,
          }, hooks);
          ctx.emit({ type: 'accepted', httpStatus: 200, ...(r.requestId ? { requestId: r.requestId } : {}) });
          (accepted[call.regionId] ??= []).push(id);
        } else {
          const r = await client.stopInstances(call.regionId, {
            instanceIds: call.instanceIds, forceStop: options.forceStop, stoppedMode: options.stoppedMode, clientToken: call.clientToken,
          }, hooks);
          ctx.emit({ type: 'accepted', httpStatus: 200, ...(r.requestId ? { requestId: r.requestId } : {}) });
          const byId = new Map(r.details.map((d) => [d.instanceId, d]));
          for (const id of call.instanceIds) {
            const detail = byId.get(id);
            if (detail?.error) {
              const info: CloudErrorInfo = {
                cloud: 'volcengine', code: detail.error.code, message: detail.error.message,
                category: classifyVolcengineCode(detail.error.code),
                ...(r.requestId ? { requestId: r.requestId } : {}),
              };
              (refused[call.regionId] ??= []).push({ id, result: { status: 'failed', code: info.code, message: info.message }, info });
            } else {
              // No detail (or one without an error) means accepted; the state read confirms it.
              (accepted[call.regionId] ??= []).push(id);
            }
          }
        }
      } catch (err) {
        const info = describeVolcengineFailure(err);
        if (info.category === 'network' || info.category === 'malformedResponse') {
          // The answer was lost after retries with the same token: the stop may have happened.
          for (const id of call.instanceIds) {
            uncertain.add(id);
            (accepted[call.regionId] ??= []).push(id);
          }
        } else {
          for (const id of call.instanceIds) {
            const result: TargetResult = { status: 'failed', code: info.code, message: info.message };
            // A server refusal is reported after the instance is read back; a local one at once.
            if (info.httpStatus) (refused[call.regionId] ??= []).push({ id, result, info });
            else outcomes.set(id, result, info);
          }
        }
      }
    }));
    // A refusal often means the instance changed since the view was drawn: read it back, not guessed.
    await reportRefused(client, ctx, outcomes, refused);

    ctx.setResume({ v: 1, phase: 'polling', clientToken: options.clientToken, affected: accepted, uncertain: [...uncertain] } satisfies StopResumeState);
    if (Object.keys(accepted).length > 0) {
      const r = await waitForStopped(client, ctx, outcomes, accepted, uncertain);
      if (r === 'aborted') return { status: 'running' };
    }
    return outcomes.outcome();
  }

  async function resume(record: OperationRecord, ctx: OperationContext): Promise<DriverOutcome> {
    const state = parseResumeState(record.resume);
    const outcomes = new Outcomes(ctx, record.targets, record.results);
    if (!state) {
      return {
        status: 'unknown',
        error: { cloud: 'volcengine', code: 'ResumeStateMissing', message: 'The operation cannot be followed after the reload; refresh the instances to see their state.', category: 'unknown' },
      };
    }
    let client: VolcengineClient;
    try {
      client = await getClient();
    } catch (err) {
      return { status: 'unknown', error: describeVolcengineFailure(err) };
    }
    // 'sending': we cannot know which calls arrived; confirm every planned instance from its state.
    const uncertain = new Set(state.phase === 'sending' ? Object.values(state.affected).flat() : state.uncertain ?? []);
    const r = await waitForStopped(client, ctx, outcomes, state.affected, uncertain);
    if (r === 'aborted') return { status: 'running' };
    return outcomes.outcome();
  }

  return {
    kind: 'volcengine.stopInstance',
    run: async (record, ctx) => {
      try {
        return await drive(record, ctx);
      } catch (err) {
        return { status: 'failed', error: describeVolcengineFailure(err) };
      }
    },
    resume: async (record, ctx) => {
      try {
        return await resume(record, ctx);
      } catch (err) {
        return { status: 'unknown', error: describeVolcengineFailure(err) };
      }
    },
  };
}

function requestedEvent(client: VolcengineClient, call: StopCall, options: StopOptions): Parameters<OperationContext['emit']>[0] {
  return {
    type: 'requested',
    method: 'GET',
    url: `${client.endpoint.url}/?Action=${call.action}&Version=${ECS_API_VERSION}`,
    targets: call.instanceIds,
    options: {
      region: call.regionId,
      forceStop: options.forceStop,
      stoppedMode: options.stoppedMode,
      dryRun: call.dryRun,
      clientToken: call.clientToken,
    },
  };
}

/** Every Volcengine operation driver (today: StopInstance). */
export function createVolcengineDrivers(clientFactory: VolcengineClientFactory, opts: VolcengineDriverOptions = {}): OperationDriver[] {
  return [createStopInstanceDriver(clientFactory, opts)];
}
