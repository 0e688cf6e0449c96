/**
 * Renders operation events as output-channel lines (localized, with request ids and
 * durations). No 'vscode' import: the channel writes what these return.
 */
import type { CloudErrorInfo, OperationEvent, OperationRecord, TargetStatus } from '../fleet/model';
import { l10n } from './l10n';
import { formatDuration, formatOptions, operationKindLabel, operationStatusLabel, operationTargetsLabel } from './tree/presentation';

export type LogLevel = 'info' | 'warn' | 'error';

export interface LogLine { level: LogLevel; text: string }

function ids(requestId?: string, correlationId?: string): string {
  const parts = [
    ...(requestId ? [l10n.t('request id {0}', requestId)] : []),
    ...(correlationId ? [l10n.t('correlation id {0}', correlationId)] : []),
  ];
  return parts.length > 0 ? ` [${parts.join(', ')}]` : '';
}

export function formatCloudError(error: CloudErrorInfo): string[] {
  const lines = [l10n.t('Error {0}: {1}', error.code, error.message)];
  if (error.httpStatus !== undefined) lines.push(l10n.t('  HTTP status: {0}', error.httpStatus));
  if (error.target) lines.push(l10n.t('  Target: {0}', error.target));
  if (error.requestId) lines.push(l10n.t('  Request id: {0}', error.requestId));
  if (error.correlationId) lines.push(l10n.t('  Correlation id: {0}', error.correlationId));
  for (const detail of error.details ?? []) {
    lines.push(l10n.t('  Detail: {0} {1} {2}', detail.code ?? '', detail.target ?? '', detail.message ?? ''));
  }
  if (error.innerError) {
    lines.push(l10n.t('  Inner error: {0} {1}', error.innerError.exceptionType ?? '', error.innerError.errorDetail ?? ''));
  }
  return lines;
}

export function targetStatusLabel(status: TargetStatus): string {
  switch (status) {
    case 'pending': return l10n.t('pending');
    case 'succeeded': return l10n.t('succeeded');
    case 'failed': return l10n.t('failed');
    case 'checked': return l10n.t('checks passed');
    case 'unknown': return l10n.t('outcome unknown');
  }
}

/** Targets by their short name ("vmss-web/3") rather than the full resource id. */
function targetName(record: Pick<OperationRecord, 'targets'>, id: string): string {
  return record.targets.find((t) => t.id === id)?.label ?? id;
}

export function formatEvent(record: Pick<OperationRecord, 'id' | 'kind' | 'targets' | 'options' | 'startedAt'>, event: OperationEvent): LogLine[] {
  const prefix = `[${record.id}]`;
  const line = (level: LogLevel, text: string): LogLine => ({ level, text: `${prefix} ${text}` });
  switch (event.type) {
    case 'requested': {
      const options = formatOptions(event.options, true);
      return [line('info', l10n.t('{0} requested: {1} {2} — targets: {3}{4}', operationKindLabel(record.kind), event.method, event.url, event.targets.map((id) => targetName(record, id)).join(', '), options ? l10n.t(' — options: {0}', options) : ''))];
    }
    case 'accepted':
      if (event.httpStatus >= 300) return [line('info', l10n.t('Answered (HTTP {0}){1}', event.httpStatus, ids(event.requestId, event.correlationId)))];
      return [line('info', l10n.t('Accepted (HTTP {0}){1}{2}', event.httpStatus, event.statusUrl ? l10n.t(', tracking {0}', event.statusUrl) : '', ids(event.requestId, event.correlationId)))];
    case 'poll':
      return [line('info', l10n.t('Status: {0} (HTTP {1}){2}{3}', event.status, event.httpStatus, event.retryAfterSeconds !== undefined ? l10n.t(', next check in {0}s', event.retryAfterSeconds) : '', ids(event.requestId)))];
    case 'throttled':
      return [line('warn', l10n.t('Throttled{0}: waiting {1}s as the server asked{2}', event.code ? ` (${event.code})` : '', event.retryAfterSeconds, ids(event.requestId)))];
    case 'retry':
      return [line('warn', l10n.t('Retrying (attempt {0}): {1}', event.attempt, event.reason))];
    case 'targetResult': {
      const r = event.result;
      const text = r.code
        ? l10n.t('{0}: {1} — {2}: {3}', targetName(record, event.target), targetStatusLabel(r.status), r.code, r.message ?? '')
        : l10n.t('{0}: {1}{2}', targetName(record, event.target), targetStatusLabel(r.status), r.finalState ? l10n.t(' (now {0})', r.finalState) : '');
      return [line(r.status === 'failed' ? 'error' : r.status === 'unknown' ? 'warn' : 'info', text)];
    }
    case 'stateRead':
      return [line('info', l10n.t('{0} is now {1}', targetName(record, event.target), event.state))];
    case 'resumed':
      return [line('info', l10n.t('Resumed after a window reload: {0} {1}', operationKindLabel(record.kind), operationTargetsLabel(record)))];
    case 'waitCanceled':
      return [line('info', l10n.t('Stopped waiting; the cloud operation continues and is still tracked.'))];
    case 'finished': {
      const head = line(event.status === 'failed' ? 'error' : event.status === 'succeeded' || event.status === 'checked' ? 'info' : 'warn',
        l10n.t('{0} {1}: {2} after {3}', operationKindLabel(record.kind), operationTargetsLabel(record), operationStatusLabel(event.status), formatDuration(event.durationMs)));
      return [head, ...(event.error ? formatCloudError(event.error).map((text) => line('error', text)) : [])];
    }
  }
}

/** The whole log of one operation, for the "Show Operation Log" document. */
export function formatRecordLog(record: OperationRecord): string {
  const header = [
    l10n.t('{0} {1}', operationKindLabel(record.kind), operationTargetsLabel(record)),
    l10n.t('Operation: {0}', record.id),
    l10n.t('Status: {0}', operationStatusLabel(record.status)),
    l10n.t('Options: {0}', formatOptions(record.options, true) || '—'),
    l10n.t('Targets: {0}', record.targets.map((t) => `${t.label} (${t.id})`).join(', ')),
    '',
  ];
  const events = record.events.flatMap((event) => formatEvent(record, event).map((l) => `${new Date(event.at).toISOString()} ${l.level.toUpperCase()} ${l.text}`));
  const results = Object.entries(record.results).map(([id, r]) => `  ${id}: ${r.status}${r.code ? ` ${r.code}` : ''}${r.message ? ` — ${r.message}` : ''}${r.finalState ? ` (${r.finalState})` : ''}`);
  return [...header, ...events, '', l10n.t('Results:'), ...results, ''].join('\n');
}
