/**
 * Which settings values are honoured. Endpoint, cloud and sign-in settings decide where
 * tokens and signed requests go, so only user (application) values count: a workspace value
 * is ignored even if VS Code would merge it. No 'vscode' import (tested in plain Node).
 */
import { parse, type ParseError } from 'jsonc-parser';
import type { CloudId } from '../fleet/model';

export interface InspectedValue<T> {
  defaultValue?: T;
  globalValue?: T;
  workspaceValue?: T;
  workspaceFolderValue?: T;
}

export interface UserValue<T> {
  value: T;
  /** A workspace tried to set it; the value was ignored. */
  workspaceIgnored: boolean;
}

export function userScopedValue<T>(inspected: InspectedValue<T> | undefined, fallback: T): UserValue<T> {
  const workspaceIgnored = inspected?.workspaceValue !== undefined || inspected?.workspaceFolderValue !== undefined;
  return { value: inspected?.globalValue ?? inspected?.defaultValue ?? fallback, workspaceIgnored };
}

export type AzureAuthentication = 'auto' | 'vscode' | 'azureCli' | 'environment';

export function parseAuthentication(value: unknown): AzureAuthentication {
  return value === 'vscode' || value === 'azureCli' || value === 'environment' ? value : 'auto';
}

export function parseRegions(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  const regions = value.filter((v): v is string => typeof v === 'string').map((v) => v.trim()).filter((v) => v !== '');
  return [...new Set(regions)];
}

export function parsePollInterval(value: unknown): number {
  const n = typeof value === 'number' && Number.isFinite(value) ? value : 5;
  return Math.min(120, Math.max(1, n));
}

/** 0 turns automatic refresh off; otherwise at least 10 s (a view re-read faster than that is polling, not refreshing) and at most an hour. */
export function parseAutoRefresh(value: unknown): number {
  const n = typeof value === 'number' && Number.isFinite(value) ? Math.round(value) : 60;
  if (n <= 0) return 0;
  return Math.min(3600, Math.max(10, n));
}

/** Minutes an operation is waited for before it ends as still running: 1 minute to a day, default 60. */
export function parseDeadlineMinutes(value: unknown): number {
  const n = typeof value === 'number' && Number.isFinite(value) ? value : 60;
  return Math.min(1440, Math.max(1, n));
}

export function parseConcurrency(value: unknown): number {
  const n = typeof value === 'number' && Number.isFinite(value) ? Math.floor(value) : 8;
  return Math.min(32, Math.max(1, n));
}

/** The part of the settings each cloud's views and clients are built from. */
export interface EffectiveCloudSettings {
  azure: { authentication: string; cloud: string; resourceManagerEndpoint: string };
  volcengine: { endpoint: string; regions: readonly string[] };
  maxConcurrency: number;
  proxy?: { url: string; noProxy: readonly string[] };
}

/**
 * Which clouds' effective settings differ. VS Code reports a change whenever a settings file
 * touching `fleetPower.*` is written, including a workspace file whose values are ignored;
 * such a change must not reload the trees under the user's hands.
 */
export function changedClouds(before: EffectiveCloudSettings, after: EffectiveCloudSettings): Record<CloudId, boolean> {
  // A new proxy means new clients for both clouds.
  const concurrency = before.maxConcurrency !== after.maxConcurrency
    || before.proxy?.url !== after.proxy?.url || (before.proxy?.noProxy ?? []).join('\n') !== (after.proxy?.noProxy ?? []).join('\n');
  const a = before.azure;
  const b = after.azure;
  const azure = concurrency || a.authentication !== b.authentication || a.cloud !== b.cloud || a.resourceManagerEndpoint !== b.resourceManagerEndpoint;
  const volcengine = concurrency || before.volcengine.endpoint !== after.volcengine.endpoint
    || before.volcengine.regions.join('\n') !== after.volcengine.regions.join('\n');
  return { azure, volcengine };
}

/** Settings only user settings may set (application scope): they decide where credentials go. */
export const USER_ONLY_SETTINGS = [
  'fleetPower.azure.authentication',
  'fleetPower.azure.cloud',
  'fleetPower.azure.resourceManagerEndpoint',
  'fleetPower.volcengine.endpoint',
  'fleetPower.volcengine.regions',
  'fleetPower.operations.pollIntervalSeconds',
  'fleetPower.operations.deadlineMinutes',
  'fleetPower.maxConcurrency',
  'fleetPower.autoRefreshSeconds',
] as const;

/**
 * A settings file (JSON with comments and trailing commas) as VS Code reads it, with the
 * parser VS Code itself uses; undefined when the text is not valid JSONC.
 */
export function parseSettingsText(text: string): unknown {
  const errors: ParseError[] = [];
  const value: unknown = parse(text, errors, { allowTrailingComma: true, disallowComments: false });
  return errors.length === 0 ? value : undefined;
}

/**
 * The user-only settings a workspace settings file tries to set. VS Code already drops them
 * (they are application-scoped); this only lets the output say so. `section` reads the
 * `settings` object of a .code-workspace file.
 */
export function userOnlySettingsIn(text: string, section?: 'settings'): string[] {
  const parsed = parseSettingsText(text);
  const settings = section && parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>)[section] : parsed;
  if (!settings || typeof settings !== 'object') return [];
  return USER_ONLY_SETTINGS.filter((key) => Object.prototype.hasOwnProperty.call(settings, key));
}
