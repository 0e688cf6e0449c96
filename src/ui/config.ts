/** The typed settings reader: every setting the extension reads, read in one place. */
import * as vscode from 'vscode';
import {
  type AzureAuthentication, type InspectedValue, parseAuthentication, parseAutoRefresh, parseConcurrency, parseDeadlineMinutes, parsePollInterval, parseRegions, userScopedValue,
} from './settingsPolicy';

export interface FleetSettings {
  azure: { authentication: AzureAuthentication; cloud: string; resourceManagerEndpoint: string };
  volcengine: { endpoint: string; regions: string[] };
  pollIntervalSeconds: number;
  /** Minutes an operation is waited for before it ends as still running in the cloud (Check again follows it). */
  deadlineMinutes: number;
  /** Seconds between automatic re-reads of what the views show; 0 = off. */
  autoRefreshSeconds: number;
  /** Requests in flight at once when fanning out over subscriptions, scale sets or regions. */
  maxConcurrency: number;
  /** VS Code's own http.proxy and http.noProxy: both clouds' requests go through the proxy. */
  proxy: { url: string; noProxy: string[] };
  /** Settings a workspace tried to set and that were ignored (reported once in the output). */
  ignoredWorkspaceSettings: string[];
}

const SECTION = 'fleetPower';

/** User-level only: a workspace must not route requests (and their tokens) through a proxy of its choosing. */
function readProxySettings(): FleetSettings['proxy'] {
  const http = vscode.workspace.getConfiguration('http');
  const url = userScopedValue(http.inspect<unknown>('proxy') as InspectedValue<unknown> | undefined, '').value;
  const noProxy = userScopedValue(http.inspect<unknown>('noProxy') as InspectedValue<unknown> | undefined, []).value;
  return {
    url: typeof url === 'string' ? url : '',
    noProxy: Array.isArray(noProxy) ? noProxy.filter((entry): entry is string => typeof entry === 'string') : [],
  };
}

export function readSettings(): FleetSettings {
  const configuration = vscode.workspace.getConfiguration(SECTION);
  const ignored: string[] = [];
  const user = <T>(key: string, fallback: T): T => {
    const result = userScopedValue(configuration.inspect<T>(key) as InspectedValue<T> | undefined, fallback);
    if (result.workspaceIgnored) ignored.push(`${SECTION}.${key}`);
    return result.value;
  };
  return {
    azure: {
      authentication: parseAuthentication(user<string>('azure.authentication', 'auto')),
      cloud: user<string>('azure.cloud', 'AzureCloud'),
      resourceManagerEndpoint: user<string>('azure.resourceManagerEndpoint', ''),
    },
    volcengine: {
      endpoint: user<string>('volcengine.endpoint', ''),
      regions: parseRegions(user<unknown>('volcengine.regions', [])),
    },
    pollIntervalSeconds: parsePollInterval(user<unknown>('operations.pollIntervalSeconds', 5)),
    deadlineMinutes: parseDeadlineMinutes(user<unknown>('operations.deadlineMinutes', 60)),
    autoRefreshSeconds: parseAutoRefresh(user<unknown>('autoRefreshSeconds', 60)),
    maxConcurrency: parseConcurrency(user<unknown>('maxConcurrency', 8)),
    proxy: readProxySettings(),
    ignoredWorkspaceSettings: ignored,
  };
}
