/**
 * Renders operation events as output-channel lines (localized, with request ids and
 * durations). No 'vscode' import: the channel writes what these return. HTTP facts appear
 * only when the event carries them (the driver saw that exchange).
 */
import type { CloudErrorInfo, OperationEvent, OperationRecord } from '../fleet/model';
import { l10n } from './l10n';
import {
  formatDuration, formatOptions, operationKindLabel, operationStatusLabel, operationTargetsLabel, targetLabelFor, targetStatusLabel,
} from './operationLabels';

export type LogLevel = 'info' | 'warn' | 'error';

export interface LogLine { level: LogLevel; text: string }

function ids(requestId?: string, correlationId?: string): string {
  const parts = [
    ...(requestId ? [l10n.t('request id {0}', requestId)] : []),
    ...(correlationId ? [l10n.t('correlation id {0}', correlationId)] : []),
  ];
  return parts.length > 0 ? ` [${parts.join(', ')}]` : '';
}

function httpStatus(status: number | undefined): string {
  return status === undefined ? '' : l10n.t(' (HTTP {0})', status);
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

type RequestedEvent = Extract<OperationEvent, { type: 'requested' }>;

function requestedText(record: Pick<OperationRecord, 'kind' | 'cloud' | 'targets'>, event: RequestedEvent): string {
  const kind = operationKindLabel(record.kind);
  const targets = event.targets.map((id) => targetLabelFor(record, id)).join(', ');
  const parameters = formatOptions(event.parameters, true);
  const options = parameters ? l10n.t(' — options: {0}', parameters) : '';
  return event.http
    ? l10n.t('{0} requested: {1} {2} — targets: {3}{4}', kind, event.http.method, event.http.url, targets, options)
    : l10n.t('{0} requested: {1} — targets: {2}{3}', kind, event.action, targets, options);
}

function countsText(counts: Record<string, number> | undefined): string {
  if (!counts) return '';
  const parts = Object.entries(counts).map(([status, count]) => l10n.t('{0} {1}', count, status));
  return parts.length > 0 ? l10n.t(' — {0}', parts.join(', ')) : '';
}

export function formatEvent(record: Pick<OperationRecord, 'id' | 'kind' | 'cloud' | 'targets'>, event: OperationEvent): LogLine[] {
  const line = (level: LogLevel, text: string): LogLine => ({ level, text: `[${record.id}] ${text}` });
  const target = (id: string): string => targetLabelFor(record, id);
  switch (event.type) {
    case 'requested':
      return [line('info', requestedText(record, event))];
    case 'accepted':
      if (event.httpStatus !== undefined && event.httpStatus >= 300) return [line('info', l10n.t('Answered (HTTP {0}){1}', event.httpStatus, ids(event.requestId, event.correlationId)))];
      return [line('info', l10n.t('Accepted{0}{1}{2}', httpStatus(event.httpStatus), event.statusUrl ? l10n.t(', tracking {0}', event.statusUrl) : '', ids(event.requestId, event.correlationId)))];
    case 'progress': {
      const next = event.nextCheckSeconds !== undefined ? l10n.t(', next check in {0}s', event.nextCheckSeconds) : '';
      return [line('info', l10n.t('Status: {0}{1}{2}{3}{4}', event.status, httpStatus(event.httpStatus), countsText(event.counts), next, ids(event.requestId)))];
    }
    case 'waiting': {
      const code = event.code ? ` (${event.code})` : '';
      return [line('warn', event.askedByCloud
        ? l10n.t('Throttled{0}: waiting {1}s as the cloud asked{2}', code, event.waitSeconds, ids(event.requestId))
        : l10n.t('Throttled{0}: waiting {1}s (our back-off){2}', code, event.waitSeconds, ids(event.requestId)))];
    }
    case 'retrying':
      return [line('warn', l10n.t('Retrying (attempt {0}): {1}', event.attempt, event.reason))];
    case 'targetResult': {
      const r = event.result;
      const text = r.code
        ? l10n.t('{0}: {1} — {2}: {3}', target(event.target), targetStatusLabel(r.status), r.code, r.message ?? '')
        : l10n.t('{0}: {1}{2}', target(event.target), targetStatusLabel(r.status), r.finalState ? l10n.t(' (now {0})', r.finalState) : '');
      const level: LogLevel = r.status === 'failed' || r.status === 'notSent' ? 'error' : r.status === 'unknown' || r.status === 'canceled' ? 'warn' : 'info';
      return [line(level, text)];
    }
    case 'stateRead':
      return [line('info', l10n.t('{0} is now {1}', target(event.target), event.state))];
    case 'resumed':
      if (event.reason === 'checkAgain') return [line('info', l10n.t('Checking again: {0} {1}', operationKindLabel(record.kind), operationTargetsLabel(record)))];
      return [line('info', l10n.t('Resumed after a window reload: {0} {1}', operationKindLabel(record.kind), operationTargetsLabel(record)))];
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
