/**
 * One driver for every ECS power action (stop, start, reboot), told apart by a spec: which API
 * actions it sends, with which parameters, and the status it waits for. It sends the planned
 * calls (./powerPlan.ts), reads refused instances back, then waits (./powerWait.ts) until each
 * affected instance reaches the goal (or ERROR). The action's ClientToken (and tokens derived
 * from it per call) make every retry safe. The engine turns the per-target results into the
 * operation's status.
 */
import { validateClientToken } from '../../fleet/clientToken';
import { isConnectFailureCode } from '../../fleet/connectFailure';
import type { DriverOutcome, EventInput, OperationContext, OperationDriver } from '../../fleet/driver';
import type { CloudErrorInfo, EcsStatus, OperationKind, OperationRecordOf, OptionsOf, TargetResult } from '../../fleet/model';
import { isValidInstanceId, type PowerParameters, type VolcengineClient } from './ecs';
import { classifyVolcengineCode, describeVolcengineFailure } from './errors';
import { idsByRegion, planPowerCalls, readPowerResumeState, type PowerActions, type PowerCall, type PowerResumeState } from './powerPlan';
import { createPowerWait, TargetOutcomes, type PowerWaitOptions, type WaitGoal } from './powerWait';
import type { CallHooks } from './transport';

export type VolcengineDriverOptions = PowerWaitOptions;

export type VolcengineClientFactory = () => VolcengineClient | Promise<VolcengineClient>;

export type VolcengineOperationKind = Extract<OperationKind, `volcengine.${string}`>;

/** What tells one power action from another. */
export interface PowerActionSpec<K extends VolcengineOperationKind> {
  readonly kind: K;
  readonly actions: PowerActions;
  readonly goal: WaitGoal;
  /** Only check (DryRun): nothing changes, so nothing is waited for. */
  dryRun(options: OptionsOf<K>): boolean;
  /** ForceStop / StoppedMode as the options chose them (absent: not sent). */
  parameters(options: OptionsOf<K>): PowerParameters;
  /** The result message of a check that passed. */
  readonly checkedMessage: string;
}

/** Every power action's options carry the user action's ClientToken. */
type PowerKind = { [K in VolcengineOperationKind]: OptionsOf<K> extends { clientToken: string } ? K : never }[VolcengineOperationKind];

interface Refusal { id: string; result: TargetResult; info: CloudErrorInfo }

/** What the calls came back with: instances to wait for, and refusals to read back first. */
interface SendResult {
  accepted: Record<string, string[]>;
  /** Sent, but the answer was lost: the first state read decides whether the request arrived. */
  uncertain: Set<string>;
  refused: Record<string, Refusal[]>;
}

const INTERRUPTED: DriverOutcome = { end: 'interrupted' };

function localError(code: 'InvalidInstanceId' | 'NoTargets' | 'ResumeStateMissing', message: string): CloudErrorInfo {
  return { cloud: 'volcengine', code, message, category: classifyVolcengineCode(code) };
}

/** Throttling waits and retries as domain events; the transport says whether the cloud named the wait. */
function hooksFor(ctx: OperationContext): CallHooks {
  return {
    signal: ctx.signal,
    onThrottled: ({ waitMs, askedByCloud, code, requestId }) => ctx.emit({
      type: 'waiting', reason: 'throttled', waitSeconds: waitMs / 1000, askedByCloud, code, ...(requestId ? { requestId } : {}),
    }),
    onRetry: ({ attempt, reason }) => ctx.emit({ type: 'retrying', attempt, reason }),
  };
}

function acceptedEvent(answer: { httpStatus: number; requestId?: string }): EventInput {
  return { type: 'accepted', httpStatus: answer.httpStatus, ...(answer.requestId ? { requestId: answer.requestId } : {}) };
}

export function createPowerDriver<K extends PowerKind>(
  spec: PowerActionSpec<K>, clientFactory: VolcengineClientFactory, driverOptions: VolcengineDriverOptions = {},
): OperationDriver<K> {
  const waitForGoal = createPowerWait(spec.goal, driverOptions);

  function requestedEvent(call: PowerCall, options: OptionsOf<K>): EventInput {
    return {
      type: 'requested',
      action: call.action,
      targets: call.instanceIds,
      parameters: { region: call.regionId, ...spec.parameters(options), dryRun: call.dryRun, clientToken: call.clientToken },
    };
  }

  /** Reports each refused instance with its state read back (one read per region), not guessed. */
  async function reportRefused(client: VolcengineClient, ctx: OperationContext, outcomes: TargetOutcomes, refused: Record<string, Refusal[]>): Promise<void> {
    for (const [region, refusals] of Object.entries(refused)) {
      const states = new Map<string, EcsStatus>();
      if (!ctx.signal.aborted) {
        try {
          const instances = await client.listInstances(region, { instanceIds: refusals.map((refusal) => refusal.id) }, hooksFor(ctx));
          for (const instance of instances) states.set(instance.instanceId, instance.status);
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

  /** DryRun: one single-instance check per instance; nothing changes, so nothing is waited for. */
  async function checkEach(client: VolcengineClient, ctx: OperationContext, outcomes: TargetOutcomes, calls: PowerCall[], options: OptionsOf<K>): Promise<void> {
    const hooks = hooksFor(ctx);
    for (const call of calls) {
      if (ctx.signal.aborted) return;
      const [id = ''] = call.instanceIds;
      ctx.emit(requestedEvent(call, options));
      try {
        const answer = await client.instanceAction(call.regionId, spec.actions.single, {
          instanceId: id, ...spec.parameters(options), clientToken: call.clientToken, dryRun: true,
        }, hooks);
        ctx.emit(acceptedEvent(answer));
        outcomes.set(id, answer.dryRunPassed
          ? { status: 'checked', code: 'DryRunOperation', message: spec.checkedMessage }
          // A server that ignored DryRun would have acted: say so rather than hide it.
          : { status: 'succeeded', message: 'The server did not treat the request as a check.' });
      } catch (error) {
        const info = describeVolcengineFailure(error);
        const status = info.category === 'network' ? 'unknown' : info.httpStatus ? 'failed' : 'notSent';
        outcomes.set(id, { status, code: info.code, message: info.message }, info);
      }
    }
  }

  /** One call: its instances land in `sent` as accepted, uncertain or refused; a local refusal (nothing left) is final at once. */
  async function send(client: VolcengineClient, ctx: OperationContext, outcomes: TargetOutcomes, call: PowerCall, options: OptionsOf<K>, sent: SendResult): Promise<void> {
    const hooks = hooksFor(ctx);
    const accept = (id: string): void => { (sent.accepted[call.regionId] ??= []).push(id); };
    ctx.emit(requestedEvent(call, options));
    try {
      if (call.action === spec.actions.single) {
        const [id = ''] = call.instanceIds;
        const answer = await client.instanceAction(call.regionId, spec.actions.single, {
          instanceId: id, ...spec.parameters(options), clientToken: call.clientToken, dryRun: false,
        }, hooks);
        ctx.emit(acceptedEvent(answer));
        accept(id);
        return;
      }
      const answer = await client.instancesAction(call.regionId, spec.actions.batch, {
        instanceIds: call.instanceIds, ...spec.parameters(options), clientToken: call.clientToken,
      }, hooks);
      ctx.emit(acceptedEvent(answer));
      // HTTP 200 does not mean every instance took the action: each one's refusal is in OperationDetails.
      const details = new Map(answer.details.map((detail) => [detail.instanceId, detail]));
      for (const id of call.instanceIds) {
        const refusal = details.get(id)?.error;
        if (!refusal) {
          // No detail (or one without an error) means accepted; the state read confirms it.
          accept(id);
          continue;
        }
        const info: CloudErrorInfo = {
          cloud: 'volcengine', code: refusal.code, message: refusal.message, category: classifyVolcengineCode(refusal.code),
          ...(answer.requestId ? { requestId: answer.requestId } : {}),
        };
        (sent.refused[call.regionId] ??= []).push({ id, result: { status: 'failed', code: info.code, message: info.message }, info });
      }
    } catch (error) {
      const info = describeVolcengineFailure(error);
      if ((info.category === 'network' || info.category === 'malformedResponse') && !isConnectFailureCode(info.code)) {
        // The answer was lost after retries with the same token: the action may have happened.
        for (const id of call.instanceIds) {
          sent.uncertain.add(id);
          accept(id);
        }
        return;
      }
      for (const id of call.instanceIds) {
        // A server refusal is reported after the instance is read back; a local one (nothing left) at once, as not sent.
        if (info.httpStatus) (sent.refused[call.regionId] ??= []).push({ id, result: { status: 'failed', code: info.code, message: info.message }, info });
        else outcomes.set(id, { status: 'notSent', code: info.code, message: info.message }, info);
      }
    }
  }

  async function run(record: OperationRecordOf<K>, ctx: OperationContext, outcomes: TargetOutcomes): Promise<DriverOutcome> {
    const { options } = record;
    const { clientToken } = options;
    try {
      // The token comes from the journal or a palette argument as well as from our own generator.
      validateClientToken(clientToken);
    } catch (error) {
      return { end: 'refused', error: describeVolcengineFailure(error) };
    }
    // Ids that cannot be instance ids are refused one by one; the rest go ahead.
    const valid = record.targets.filter((target) => {
      if (isValidInstanceId(target.id)) return true;
      const info = localError('InvalidInstanceId', 'This is not a Volcengine instance id; nothing was sent for it.');
      outcomes.set(target.id, { status: 'notSent', code: info.code, message: info.message }, info);
      return false;
    });
    if (valid.length === 0) return { end: 'refused', error: outcomes.firstError ?? localError('NoTargets', 'Nothing to act on: the selection is empty.') };
    const dryRun = spec.dryRun(options);
    const calls = planPowerCalls(valid, spec.actions, { clientToken, dryRun });
    let client: VolcengineClient;
    try {
      client = await clientFactory();
    } catch (error) {
      return { end: 'refused', error: describeVolcengineFailure(error) };
    }

    if (dryRun) {
      await checkEach(client, ctx, outcomes, calls, options);
      return ctx.signal.aborted ? INTERRUPTED : outcomes.done();
    }

    // Written before sending: after a reload mid-send the state is confirmed, never re-sent.
    ctx.setResume({ v: 1, phase: 'sending', clientToken, affected: idsByRegion(calls) } satisfies PowerResumeState);
    if (ctx.signal.aborted) return INTERRUPTED;
    const sent: SendResult = { accepted: {}, uncertain: new Set(), refused: {} };
    // The calls go out together (the client bounds requests in flight); each keeps its own
    // ClientToken, so a retry of one never repeats another's effect.
    await Promise.all(calls.map((call) => send(client, ctx, outcomes, call, options, sent)));
    // A refusal often means the instance changed since the view was drawn: read it back, not guessed.
    await reportRefused(client, ctx, outcomes, sent.refused);

    ctx.setResume({ v: 1, phase: 'polling', clientToken, affected: sent.accepted, uncertain: [...sent.uncertain] } satisfies PowerResumeState);
    if (Object.keys(sent.accepted).length > 0 && await waitForGoal(client, ctx, outcomes, sent.accepted, sent.uncertain, hooksFor(ctx)) === 'interrupted') {
      return INTERRUPTED;
    }
    return outcomes.done();
  }

  async function resume(record: OperationRecordOf<K>, ctx: OperationContext, outcomes: TargetOutcomes): Promise<DriverOutcome> {
    const state = readPowerResumeState(record.resume);
    if (!state) {
      return { end: 'done', error: localError('ResumeStateMissing', 'The operation cannot be followed after the reload; refresh the instances to see their state.') };
    }
    let client: VolcengineClient;
    try {
      client = await clientFactory();
    } catch (error) {
      // Before the reload the action may have been sent: the outcome is unknown, not refused.
      return { end: 'done', error: describeVolcengineFailure(error) };
    }
    // 'sending': we cannot know which calls arrived; confirm every planned instance from its state.
    const uncertain = new Set(state.phase === 'sending' ? Object.values(state.affected).flat() : state.uncertain ?? []);
    if (await waitForGoal(client, ctx, outcomes, state.affected, uncertain, hooksFor(ctx)) === 'interrupted') return INTERRUPTED;
    return outcomes.done();
  }

  return {
    kind: spec.kind,
    run: async (record, ctx) => {
      const outcomes = new TargetOutcomes(ctx, {});
      try {
        return await run(record, ctx, outcomes);
      } catch (error) {
        // Not expected (every call's failure is handled above); the targets still get a result.
        const info = describeVolcengineFailure(error);
        for (const target of record.targets) {
          if (!outcomes.isFinal(target.id)) outcomes.set(target.id, { status: 'failed', code: info.code, message: info.message }, info);
        }
        return outcomes.done();
      }
    },
    resume: async (record, ctx) => {
      try {
        return await resume(record, ctx, new TargetOutcomes(ctx, record.results));
      } catch (error) {
        return { end: 'done', error: describeVolcengineFailure(error) };
      }
    },
  };
}
