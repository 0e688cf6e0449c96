/**
 * The manifest and the code agree: every contributed command is registered and every
 * registered one contributed; menus and welcome views only reference views, context values
 * and context keys that exist; every %key% is in package.nls.json and every key is in zh-cn.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { AZURE_VIEW_STATES, CommandIds, ContextKeys, ViewIds, VOLCENGINE_VIEW_STATES } from '../../src/ui/commands/ids';
import { AZURE_POWER_STATES, instancePresentation, scaleSetPresentation, subscriptionPresentation } from '../../src/ui/tree/azurePresentation';
import { operationPresentation } from '../../src/ui/tree/operationPresentation';
import { tenantPresentation } from '../../src/ui/tree/tenantNodes';
import { ERROR_CONTEXT_VALUE } from '../../src/ui/tree/presentation';
import { ECS_STATUSES, ecsInstancePresentation, regionPresentation } from '../../src/ui/tree/volcenginePresentation';
import type { OperationStatus } from '../../src/fleet/model';
import { ecs, instance, scaleSet, subscription } from './ui-fixtures';

const root = join(import.meta.dirname, '..', '..');
const readJson = (name: string): unknown => JSON.parse(readFileSync(join(root, name), 'utf8')) as unknown;

interface MenuItem { command: string; when?: string; group?: string }
interface Manifest {
  main: string;
  icon?: string;
  l10n: string;
  activationEvents: string[];
  engines: { vscode: string };
  capabilities: { untrustedWorkspaces: { supported: string | boolean; restrictedConfigurations?: string[] }; virtualWorkspaces: unknown };
  contributes: {
    commands: Array<{ command: string; title: string; category?: string }>;
    menus: Record<string, MenuItem[]>;
    views: Record<string, Array<{ id: string; name: string }>>;
    viewsContainers: { activitybar: Array<{ id: string; title: string; icon: string }> };
    viewsWelcome: Array<{ view: string; contents: string; when?: string }>;
    configuration: { properties: Record<string, { scope?: string; default?: unknown }> };
  };
}

const manifest = readJson('package.json') as Manifest;
const nls = readJson('package.nls.json') as Record<string, string>;
const nlsZh = readJson('package.nls.zh-cn.json') as Record<string, string>;
const registered = Object.values(CommandIds) as string[];
const contributed = manifest.contributes.commands.map((c) => c.command);

/** Every contextValue the trees can produce, across every state. */
function allContextValues(): string[] {
  const uniform = scaleSet('vmss-web', 'Uniform');
  const flexible = scaleSet('vmss-flex', 'Flexible', true);
  const values = [
    subscriptionPresentation(subscription('s1', 'Production')).contextValue,
    subscriptionPresentation(subscription('s2', 'Old', 'Disabled')).contextValue,
    scaleSetPresentation(uniform, undefined).contextValue,
    scaleSetPresentation(flexible, []).contextValue,
    regionPresentation('cn-beijing', [], undefined).contextValue,
    ERROR_CONTEXT_VALUE,
  ];
  for (const state of AZURE_POWER_STATES) {
    values.push(instancePresentation(instance(uniform, 1, state)).contextValue, instancePresentation(instance(flexible, 1, state)).contextValue);
  }
  values.push(instancePresentation(instance(uniform, 1, 'running'), 'azure.deallocate').contextValue);
  // Perform Maintenance is offered only where Azure allows it: an instance (and its scale set) with an open self-service window.
  const maintainable = { ...instance(uniform, 2, 'running'), maintenance: { customerMayStart: true } };
  values.push(instancePresentation(maintainable).contextValue, scaleSetPresentation(uniform, [maintainable]).contextValue);
  for (const status of ECS_STATUSES) values.push(ecsInstancePresentation(ecs('i-1', status)).contextValue);
  values.push(ecsInstancePresentation(ecs('i-1', 'RUNNING'), 'volcengine.stopInstance').contextValue);
  // A tenant of the account that could not be listed: sign in required, or failed.
  for (const status of ['signInRequired', 'failed'] as const) values.push(tenantPresentation({ tenant: { tenantId: 't1' }, status }).contextValue);
  const statuses: OperationStatus[] = ['running', 'succeeded', 'failed', 'partial', 'canceled', 'checked', 'unknown'];
  for (const status of statuses) {
    values.push(operationPresentation({ id: 'op', kind: 'azure.powerOff', cloud: 'azure', targets: [], options: { skipShutdown: false }, status, startedAt: 0, events: [], results: {} }, 0).contextValue);
  }
  // Stopped at the deadline, still followable: Check again.
  const stillRunning = { status: 'unknown', code: 'StillRunning', message: 'still running' } as const;
  values.push(operationPresentation({
    id: 'op', kind: 'azure.deallocate', cloud: 'azure', targets: [], options: { hibernate: false }, status: 'unknown', startedAt: 0, events: [],
    results: { vm: stillRunning }, error: { cloud: 'azure', code: 'StillRunning', message: 'still running', category: 'unknown' }, resume: { version: 1, requests: [] },
  }, 0).contextValue);
  return values;
}

function viewItemRegexes(when: string | undefined): RegExp[] {
  return [...(when ?? '').matchAll(/viewItem =~ \/(.+?)\/(?=\s|$|\))/g)].map((m) => new RegExp(m[1] ?? ''));
}

function menuWhen(command: string, menu = 'view/item/context'): string {
  const item = manifest.contributes.menus[menu]?.find((m) => m.command === command);
  assert.ok(item?.when, `${command} has a ${menu} entry`);
  return item.when;
}

void describe('commands', () => {
  void test('every contributed command is registered and every registered command is contributed', () => {
    assert.deepEqual([...contributed].sort(), [...registered].sort());
  });

  void test('the fixed command ids from the issues are there', () => {
    for (const id of [
      'fleetPower.azure.powerOff', 'fleetPower.azure.deallocate', 'fleetPower.azure.performMaintenance', 'fleetPower.volcengine.stopInstance',
      'fleetPower.refresh', 'fleetPower.azure.signIn', 'fleetPower.azure.selectSubscriptions', 'fleetPower.showOutput',
      'fleetPower.azure.copyResourceId', 'fleetPower.volcengine.setCredentials', 'fleetPower.volcengine.clearCredentials',
    ]) assert.ok(contributed.includes(id), id);
  });

  void test('every command in a menu is contributed', () => {
    for (const [menu, items] of Object.entries(manifest.contributes.menus)) {
      for (const item of items) assert.ok(contributed.includes(item.command), `${menu}: ${item.command}`);
    }
  });
});

void describe('views and menus', () => {
  const viewIds = Object.values(manifest.contributes.views).flat().map((v) => v.id);

  void test('the three views and the container are contributed with their fixed ids', () => {
    assert.deepEqual(viewIds.sort(), [ViewIds.azure, ViewIds.operations, ViewIds.volcengine].sort());
    assert.deepEqual(Object.keys(manifest.contributes.views), [ViewIds.container]);
    const container = manifest.contributes.viewsContainers.activitybar[0];
    assert.equal(container?.id, ViewIds.container);
    assert.ok(container && existsSync(join(root, container.icon)), 'the activity-bar icon exists');
    assert.equal(nls[manifest.contributes.views[ViewIds.container]?.find((v) => v.id === ViewIds.azure)?.name.slice(1, -1) ?? ''], 'Azure Scale Sets');
    assert.equal(nls[manifest.contributes.views[ViewIds.container]?.find((v) => v.id === ViewIds.volcengine)?.name.slice(1, -1) ?? ''], 'Volcengine ECS');
    assert.equal(nls[manifest.contributes.views[ViewIds.container]?.find((v) => v.id === ViewIds.operations)?.name.slice(1, -1) ?? ''], 'Recent Operations');
  });

  void test('every `view ==` in a when clause names a contributed view', () => {
    const whens = [...Object.values(manifest.contributes.menus).flat().map((m) => m.when ?? ''), ...manifest.contributes.viewsWelcome.map((w) => w.when ?? '')];
    for (const when of whens) {
      for (const m of when.matchAll(/view == ([\w.]+)/g)) assert.ok(viewIds.includes(m[1] ?? ''), `${when}`);
    }
    for (const welcome of manifest.contributes.viewsWelcome) assert.ok(viewIds.includes(welcome.view), welcome.view);
  });

  void test('every viewItem pattern matches some contextValue the trees produce', () => {
    const values = allContextValues();
    for (const item of Object.values(manifest.contributes.menus).flat()) {
      for (const regex of viewItemRegexes(item.when)) {
        assert.ok(values.some((v) => regex.test(v)), `${item.command}: ${String(regex)} matches no context value`);
      }
    }
  });

  void test('Power Off is never offered on a deallocated, stopped or changing VM; Stop only on RUNNING ECS instances', () => {
    const [powerOff] = viewItemRegexes(menuWhen(CommandIds.azurePowerOff));
    const [stop] = viewItemRegexes(menuWhen(CommandIds.volcengineStopInstance));
    assert.ok(powerOff && stop);
    const uniform = scaleSet('vmss-web', 'Uniform');
    for (const state of AZURE_POWER_STATES) {
      const offered = powerOff.test(instancePresentation(instance(uniform, 1, state)).contextValue);
      assert.equal(offered, state === 'running' || state === 'starting', `Power Off on ${state}`);
    }
    assert.ok(!powerOff.test(instancePresentation(instance(uniform, 1, 'running'), 'azure.powerOff').contextValue), 'not while an operation is pending');
    assert.ok(!powerOff.test(scaleSetPresentation(uniform, undefined).contextValue), 'Power Off acts on instance nodes');
    for (const status of ECS_STATUSES) {
      assert.equal(stop.test(ecsInstancePresentation(ecs('i-1', status)).contextValue), status === 'RUNNING', `Stop on ${status}`);
    }
  });

  void test('Deallocate is offered on scale-set nodes, Perform Maintenance on those with an eligible instance', () => {
    const [deallocate] = viewItemRegexes(menuWhen(CommandIds.azureDeallocate));
    const [maintain] = viewItemRegexes(menuWhen(CommandIds.azurePerformMaintenance));
    const web = scaleSet('vmss-web', 'Uniform');
    const set = scaleSetPresentation(web, undefined).contextValue;
    assert.ok(deallocate?.test(set));
    assert.ok(!maintain?.test(set), 'not before the instances are listed');
    assert.ok(!maintain?.test(scaleSetPresentation(web, [instance(web, 1, 'running')]).contextValue), 'not when no instance is eligible');
    assert.ok(maintain?.test(scaleSetPresentation(web, [instance(web, 1, 'running'), { ...instance(web, 2, 'stopped'), maintenance: { customerMayStart: true } }]).contextValue));
    assert.ok(!deallocate?.test(instancePresentation(instance(scaleSet('vmss-web', 'Uniform'), 1, 'deallocated')).contextValue));
  });

  void test('welcome views depend on context keys the extension sets, with states it uses', () => {
    const known = new Set<string>([ContextKeys.azureState, ContextKeys.volcengineState]);
    const states: Record<string, readonly string[]> = {
      [ContextKeys.azureState]: AZURE_VIEW_STATES,
      [ContextKeys.volcengineState]: VOLCENGINE_VIEW_STATES,
    };
    for (const welcome of manifest.contributes.viewsWelcome) {
      for (const m of (welcome.when ?? '').matchAll(/([\w.]+) == (\w+)/g)) {
        const [, key = '', value = ''] = m;
        if (key === 'view') continue;
        assert.ok(known.has(key), key);
        assert.ok(states[key]?.includes(value), `${key} == ${value}`);
      }
    }
    const contents = (w: { contents: string }): string => nls[w.contents.slice(1, -1)] ?? w.contents;
    assert.ok(manifest.contributes.viewsWelcome.some((w) => w.view === ViewIds.azure && w.when === `${ContextKeys.azureState} == signedOut` && contents(w).includes('command:fleetPower.azure.signIn')));
    assert.ok(manifest.contributes.viewsWelcome.some((w) => w.view === ViewIds.volcengine && w.when === `${ContextKeys.volcengineState} == noCredentials` && contents(w).includes('command:fleetPower.volcengine.setCredentials')));
    for (const welcome of manifest.contributes.viewsWelcome) {
      for (const m of contents(welcome).matchAll(/command:([\w.]+)/g)) {
        const id = m[1] ?? '';
        assert.ok(id.startsWith('workbench.') || contributed.includes(id), `welcome link to ${id}`);
      }
    }
  });
});

void describe('localized manifest', () => {
  const keysIn = (value: unknown): string[] => JSON.stringify(value).match(/%[\w.-]+%/g)?.map((k) => k.slice(1, -1)) ?? [];

  void test('every %key% in package.json exists in package.nls.json', () => {
    const keys = keysIn(manifest);
    assert.ok(keys.length > 40);
    for (const key of keys) assert.ok(key in nls, key);
  });

  void test('every package.nls.json key exists in package.nls.zh-cn.json, translated', () => {
    for (const key of Object.keys(nls)) {
      assert.ok(key in nlsZh, key);
      assert.ok((nlsZh[key] ?? '').trim() !== '', key);
    }
    assert.deepEqual(Object.keys(nlsZh).sort(), Object.keys(nls).sort(), 'no stray zh-cn keys');
  });

  void test('command titles and categories are localized keys, never literals', () => {
    for (const command of manifest.contributes.commands) {
      assert.match(command.title, /^%[\w.]+%$/, command.command);
      assert.match(command.category ?? '', /^%[\w.]+%$/, command.command);
    }
  });
});

void describe('workspace trust and packaging', () => {
  const security = ['fleetPower.azure.authentication', 'fleetPower.azure.cloud', 'fleetPower.azure.resourceManagerEndpoint', 'fleetPower.volcengine.endpoint'];

  void test('settings that decide where credentials go are application-scoped and restricted in untrusted workspaces', () => {
    for (const key of security) {
      assert.equal(manifest.contributes.configuration.properties[key]?.scope, 'application', key);
      assert.ok(manifest.capabilities.untrustedWorkspaces.restrictedConfigurations?.includes(key), key);
    }
    assert.equal(manifest.capabilities.untrustedWorkspaces.supported, 'limited');
    assert.ok(manifest.capabilities.virtualWorkspaces);
  });

  void test('engine, entry point, l10n folder and the allowlist .vscodeignore', () => {
    assert.equal(manifest.engines.vscode, '^1.100.0');
    assert.equal(manifest.main, './dist/extension.js');
    assert.equal(manifest.l10n, './l10n');
    assert.ok(manifest.icon && existsSync(join(root, manifest.icon)));
    const ignore = readFileSync(join(root, '.vscodeignore'), 'utf8').split('\n').map((l) => l.trim()).filter(Boolean);
    assert.equal(ignore[0], '**', 'everything is excluded first');
    for (const allowed of ['!dist/*.js', '!media/**', '!l10n/**', '!package.nls*.json', '!LICENSE']) assert.ok(ignore.includes(allowed), allowed);
  });

  void test('the extension bundle never imports a cloud SDK statically (they load from dist/cloud.js)', () => {
    const build = readFileSync(join(root, 'esbuild.mjs'), 'utf8');
    assert.match(build, /external: \['vscode', '\.\/cloud\.js'\]/);
    assert.match(build, /cloud: 'src\/cloud\/index\.ts'/);
    const loader = readFileSync(join(root, 'src/ui/cloudModule.ts'), 'utf8');
    assert.match(loader, /require\('\.\/cloud\.js'\)/);
  });
});
