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
