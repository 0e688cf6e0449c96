/**
 * Reads journaled records back, including those written by 0.1.0, whose events were shaped
 * around HTTP ('poll', 'throttled', 'retry', a 'requested' with method and URL) and whose
 * options were an untyped map. Records that cannot be read are dropped, never guessed at.
 */
import type { EventParameters, OperationEvent, OperationRecord, OperationTarget, TargetResult } from './model';
import type { AnyOperationSpec } from './provider';

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

function parameters(value: unknown): EventParameters {
  const out: EventParameters = {};
  if (!isObject(value)) return out;
  for (const [key, v] of Object.entries(value)) {
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') out[key] = v;
  }
  return out;
}

/** One event in today's shape; 0.1.0 shapes are converted, anything unknown is dropped. */
function migrateEvent(raw: unknown, cloud: string): OperationEvent | undefined {
  if (!isObject(raw) || typeof raw.type !== 'string' || typeof raw.at !== 'number') return undefined;
  const at = raw.at;
  switch (raw.type) {
    case 'poll': {
      const httpStatus = num(raw.httpStatus);
      const requestId = str(raw.requestId);
      const next = num(raw.retryAfterSeconds);
      return {
        at, type: 'progress', status: str(raw.status) ?? '',
        // 0.1.0's Volcengine driver wrote a made-up HTTP 200 for its DescribeInstances reads.
        ...(httpStatus !== undefined && cloud === 'azure' ? { httpStatus } : {}),
        ...(requestId ? { requestId } : {}),
        ...(next !== undefined ? { nextCheckSeconds: next } : {}),
      };
    }
    case 'throttled': {
      const code = str(raw.code);
      const requestId = str(raw.requestId);
      // 0.1.0 waited as ARM asked, and on Volcengine by its own back-off.
      return {
        at, type: 'waiting', reason: 'throttled', waitSeconds: num(raw.retryAfterSeconds) ?? 0, askedByCloud: cloud === 'azure',
        ...(code ? { code } : {}), ...(requestId ? { requestId } : {}),
      };
    }
    case 'retry':
      return { at, type: 'retrying', attempt: num(raw.attempt) ?? 0, reason: str(raw.reason) ?? '' };
    case 'requested': {
      if ('action' in raw) return raw as OperationEvent;
      const method = str(raw.method);
      const url = str(raw.url);
      const targets = Array.isArray(raw.targets) ? raw.targets.filter((t): t is string => typeof t === 'string') : [];
      const http = method && url && cloud === 'azure' ? { http: { method, url } } : {};
      const action = url ? (/[?&]Action=([^&]+)/.exec(url)?.[1] ?? url.split('?')[0]?.split('/').pop() ?? '') : '';
      return { at, type: 'requested', action, targets, parameters: parameters(raw.options), ...http };
    }
    default:
      // Today's shapes pass as they are; a type this version does not know is dropped.
      return CURRENT_TYPES.has(raw.type) ? raw as OperationEvent : undefined;
  }
}

const CURRENT_TYPES: ReadonlySet<string> = new Set<OperationEvent['type']>([
  'requested', 'accepted', 'waiting', 'retrying', 'progress', 'targetResult', 'stateRead', 'resumed', 'finished',
]);

function isTarget(value: unknown): value is OperationTarget {
  return isObject(value) && typeof value.id === 'string' && typeof value.label === 'string' && typeof value.scope === 'string';
}

/** One record, or undefined when it is not a record of a kind we can read. */
export function readJournalRecord(raw: unknown, specOf: (kind: string) => AnyOperationSpec | undefined): OperationRecord | undefined {
  if (!isObject(raw)) return undefined;
  const { id, kind, cloud, status, startedAt } = raw;
  if (typeof id !== 'string' || typeof kind !== 'string' || typeof status !== 'string' || typeof startedAt !== 'number') return undefined;
  if (!Array.isArray(raw.targets) || !raw.targets.every(isTarget) || !Array.isArray(raw.events)) return undefined;
  const spec = specOf(kind);
  const options = spec?.readOptions(raw.options);
  if (!spec || options === undefined) return undefined;
  const cloudId = cloud === 'volcengine' ? 'volcengine' : 'azure';
  const events = raw.events.map((e) => migrateEvent(e, cloudId)).filter((e): e is OperationEvent => e !== undefined);
  const results: Record<string, TargetResult> = isObject(raw.results) ? raw.results as Record<string, TargetResult> : {};
  return { ...(raw as object), kind: spec.kind, options, cloud: cloudId, targets: raw.targets, events, results } as OperationRecord;
}
