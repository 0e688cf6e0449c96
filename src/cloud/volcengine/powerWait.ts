/**
 * Waiting for a power action: DescribeInstances on the affected instances until each reaches
 * the action's goal (succeeded), ERROR or gone (failed), or the wait runs out (unknown). Shared
 * by stop, start and reboot, fresh and resumed after a reload.
 */
import { abortableSleep } from '../../fleet/async';
import type { DriverOutcome, OperationContext } from '../../fleet/driver';
import type { CloudErrorInfo, EcsStatus, TargetResult } from '../../fleet/model';
import type { VolcengineClient } from './ecs';
import { describeVolcengineFailure } from './errors';
import type { CallHooks } from './transport';

export interface PowerWaitOptions {
  /** Between DescribeInstances reads while waiting. Default 5000 ms. */
  pollIntervalMs?: number;
  /** Give up waiting (targets become 'unknown') after this long. Default 15 minutes. */
  maxWaitMs?: number;
  /** Consecutive failed reads before giving up waiting. Default 3. */
  maxPollFailures?: number;
  now?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/** Where an action is headed, and the words its messages use. */
export interface WaitGoal {
  /** The status that ends the wait well. */
  done: EcsStatus;
  /** Statuses that show the request arrived (for one whose answer was lost). */
  underway: ReadonlySet<EcsStatus>;
  /** "stop", "start", "reboot": for the messages below (English; the UI explains each code itself). */
  verb: string;
}

/** Each target's result as it is decided, and the first failure, which the operation reports. */
export class TargetOutcomes {
  private readonly decided = new Set<string>();
  firstError: CloudErrorInfo | undefined;

  constructor(private readonly ctx: OperationContext, previous: Record<string, TargetResult>) {
    for (const [id, result] of Object.entries(previous)) if (result.status !== 'pending') this.decided.add(id);
  }

  set(id: string, result: TargetResult, error?: CloudErrorInfo): void {
    this.decided.add(id);
    if (error && result.status !== 'succeeded' && result.status !== 'checked') this.firstError ??= { ...error, target: id };
    this.ctx.setResult(id, result);
  }

  isFinal(id: string): boolean {
    return this.decided.has(id);
  }

  done(): DriverOutcome {
    return { end: 'done', ...(this.firstError ? { error: this.firstError } : {}) };
  }
}

/**
 * Reads the affected instances until each has a result. `uncertain` ids are confirmed from the
 * first read: if they show no sign of the action, the request probably never arrived.
 */
export type WaitForGoal = (
  client: VolcengineClient, ctx: OperationContext, outcomes: TargetOutcomes,
  affected: Record<string, string[]>, uncertain: ReadonlySet<string>, hooks: CallHooks,
) => Promise<'done' | 'interrupted'>;

export function createPowerWait(goal: WaitGoal, options: PowerWaitOptions): WaitForGoal {
  const pollIntervalMs = options.pollIntervalMs ?? 5000;
  const maxWaitMs = options.maxWaitMs ?? 15 * 60_000;
  const maxPollFailures = Math.max(1, options.maxPollFailures ?? 3);
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? abortableSleep;

  return async (client, ctx, outcomes, affected, uncertain, hooks) => {
    const pending = new Map<string, Set<string>>();
    for (const [region, ids] of Object.entries(affected)) {
      const open = ids.filter((id) => !outcomes.isFinal(id));
      if (open.length > 0) pending.set(region, new Set(open));
    }
    const lastState = new Map<string, string>();
    const deadline = now() + maxWaitMs;
    let failures = 0;
    let firstRead = true;
    const decide = (ids: Set<string>, id: string, result: TargetResult, info?: CloudErrorInfo): void => {
      outcomes.set(id, result, info);
      ids.delete(id);
    };
    while (pending.size > 0) {
      if (ctx.signal.aborted) return 'interrupted';
      if (!firstRead) {
        await sleep(pollIntervalMs, ctx.signal);
        if (ctx.signal.aborted) return 'interrupted';
      }
      const counts = new Map<string, number>();
      let readError: unknown;
      for (const [region, ids] of [...pending]) {
        let found: Map<string, EcsStatus>;
        try {
          const instances = await client.listInstances(region, { instanceIds: [...ids] }, hooks);
          found = new Map(instances.map((instance) => [instance.instanceId, instance.status]));
        } catch (error) {
          readError = error;
          continue;
        }
        for (const id of [...ids]) {
          const status = found.get(id);
          if (status === undefined) {
            const info: CloudErrorInfo = { cloud: 'volcengine', code: 'InvalidInstance.NotFound', message: 'The instance no longer appears in DescribeInstances.', category: 'notFound' };
            decide(ids, id, { status: 'failed', code: info.code, message: info.message }, info);
            continue;
          }
          counts.set(status, (counts.get(status) ?? 0) + 1);
          if (lastState.get(id) !== status) {
            lastState.set(id, status);
            ctx.emit({ type: 'stateRead', target: id, state: status });
          }
          if (firstRead && uncertain.has(id) && !goal.underway.has(status)) {
            const info: CloudErrorInfo = {
              cloud: 'volcengine', code: 'OutcomeUnknown', category: 'network',
              message: `The ${goal.verb} request got no answer and the instance is ${status}: it may not have been sent. Check the instance and try again.`,
            };
            decide(ids, id, { status: 'unknown', code: info.code, message: info.message, finalState: status }, info);
          } else if (status === goal.done) {
            decide(ids, id, { status: 'succeeded', finalState: status });
          } else if (status === 'ERROR') {
            const info: CloudErrorInfo = { cloud: 'volcengine', code: 'InstanceError', message: `The instance went into the ERROR state during the ${goal.verb}.`, category: 'server' };
            decide(ids, id, { status: 'failed', code: info.code, message: info.message, finalState: status }, info);
          }
        }
        if (ids.size === 0) pending.delete(region);
      }
      if (counts.size > 0) {
        ctx.emit({ type: 'progress', status: [...counts].map(([status, count]) => `${status}:${count}`).join(' '), counts: Object.fromEntries(counts) });
      }
      firstRead = false;
      failures = readError === undefined ? 0 : failures + 1;
      const giveUp = failures >= maxPollFailures ? describeVolcengineFailure(readError) : now() >= deadline ? undefined : null;
      if (giveUp !== null && pending.size > 0) {
        const info: CloudErrorInfo = giveUp ?? {
          cloud: 'volcengine', code: 'WaitTimeout', category: 'unknown',
          message: `Still not ${goal.done} after ${Math.round(maxWaitMs / 1000)} s; the ${goal.verb} may still complete. Refresh to check.`,
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
  };
}
