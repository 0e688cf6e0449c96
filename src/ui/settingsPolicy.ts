/**
 * Which settings values are honoured. Endpoint, cloud and sign-in settings decide where
 * tokens and signed requests go, so only user (application) values count: a workspace value
 * is ignored even if VS Code would merge it. No 'vscode' import (tested in plain Node).
 */
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

export function parseConcurrency(value: unknown): number {
  const n = typeof value === 'number' && Number.isFinite(value) ? Math.floor(value) : 8;
  return Math.min(32, Math.max(1, n));
}

/** Settings only user settings may set (application scope): they decide where credentials go. */
/** The part of the settings each cloud's views and clients are built from. */
export interface EffectiveCloudSettings {
  azure: { authentication: string; cloud: string; resourceManagerEndpoint: string };
  volcengine: { endpoint: string; regions: readonly string[] };
  maxConcurrency: number;
}

/**
 * Which clouds' effective settings differ. VS Code reports a change whenever a settings file
 * touching `fleetPower.*` is written, including a workspace file whose values are ignored;
 * such a change must not reload the trees under the user's hands.
 */
export function changedClouds(before: EffectiveCloudSettings, after: EffectiveCloudSettings): { azure: boolean; volcengine: boolean } {
  const concurrency = before.maxConcurrency !== after.maxConcurrency;
  const a = before.azure;
  const b = after.azure;
  const azure = concurrency || a.authentication !== b.authentication || a.cloud !== b.cloud || a.resourceManagerEndpoint !== b.resourceManagerEndpoint;
  const volcengine = concurrency || before.volcengine.endpoint !== after.volcengine.endpoint
    || before.volcengine.regions.join('\n') !== after.volcengine.regions.join('\n');
  return { azure, volcengine };
}

export const USER_ONLY_SETTINGS = [
  'fleetPower.azure.authentication',
  'fleetPower.azure.cloud',
  'fleetPower.azure.resourceManagerEndpoint',
  'fleetPower.volcengine.endpoint',
  'fleetPower.volcengine.regions',
  'fleetPower.operations.pollIntervalSeconds',
  'fleetPower.maxConcurrency',
] as const;

/** JSON with comments and trailing commas (settings.json) to JSON. */
export function stripJsonComments(text: string): string {
  let out = '';
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] ?? '';
    const next = text[i + 1];
    if (inString) {
      out += c;
      if (c === '\\') { out += next ?? ''; i++; } else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') { inString = true; out += c; continue; }
    if (c === '/' && next === '/') { while (i < text.length && text[i] !== '\n') i++; out += '\n'; continue; }
    if (c === '/' && next === '*') { i += 2; while (i < text.length && !(text[i] === '*' && text[i + 1] === '/')) i++; i++; continue; }
    out += c;
  }
  return out.replace(/,(\s*[}\]])/g, '$1');
}

/**
 * The user-only settings a workspace settings file tries to set. VS Code already drops them
 * (they are application-scoped); this only lets the output say so. `section` reads the
 * `settings` object of a .code-workspace file.
 */
export function userOnlySettingsIn(text: string, section?: 'settings'): string[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(stripJsonComments(text));
  } catch {
    return [];
  }
  const settings = section && parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>)[section] : parsed;
  if (!settings || typeof settings !== 'object') return [];
  return USER_ONLY_SETTINGS.filter((key) => Object.prototype.hasOwnProperty.call(settings, key));
}
