import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { OperationRecord } from '../../src/fleet/model';
import { credentialSourceDescription, credentialSourceName } from '../../src/ui/credentialSource';
import { installTranslator, l10n } from '../../src/ui/l10n';
import { formatDuration, formatOptions, targetLabelFor, targetStatusLabel } from '../../src/ui/operationLabels';
import {
  AZURE_POWER_STATES, azurePowerStateIcon, azurePowerStateLabel, instancePresentation, scaleSetPresentation, subscriptionPresentation,
} from '../../src/ui/tree/azurePresentation';
import { operationPresentation } from '../../src/ui/tree/operationPresentation';
import {
  ECS_STATUSES, ecsInstancePresentation, ecsStatusIcon, ecsStatusLabel, regionDisplayName, regionPresentation,
} from '../../src/ui/tree/volcenginePresentation';
import { ecs, instance, scaleSet, subscription } from './ui-fixtures';

void describe('Azure nodes', () => {
  const web = scaleSet('vmss-web', 'Uniform');
  const flex = scaleSet('vmss-flex', 'Flexible', true);

  void test('every power state has its own label and icon', () => {
    const labels = AZURE_POWER_STATES.map(azurePowerStateLabel);
    assert.equal(new Set(labels).size, AZURE_POWER_STATES.length);
    assert.deepEqual(labels, ['Running', 'Stopped', 'Deallocated', 'Hibernated', 'Starting…', 'Stopping…', 'Deallocating…', 'Unknown']);
    assert.equal(azurePowerStateIcon('running').id, 'vm-running');
    assert.equal(azurePowerStateIcon('deallocating').id, 'loading~spin');
  });

  void test('instance: name, instance id and state; tooltip with provisioning state, zone, SKU, computer name', () => {
    const p = instancePresentation(instance(web, 3, 'running'));
    assert.equal(p.label, 'vmss-web_3');
    assert.equal(p.description, '#3 · Running');
    assert.match(p.tooltip, /Provisioning state: Succeeded/);
    assert.match(p.tooltip, /Zone: 1/);
    assert.match(p.tooltip, /Size: Standard_D2s_v5/);
    assert.match(p.tooltip, /Computer name: vmss-web000003/);
    assert.equal(instancePresentation(instance(flex, 1, 'hibernated')).description, 'Hibernated');
  });

  void test('while an operation runs the node says so ("Deallocating…") and offers no action', () => {
    const p = instancePresentation(instance(web, 3, 'running'), 'azure.deallocate');
    assert.equal(p.description, '#3 · Deallocating…');
    assert.doesNotMatch(p.contextValue, /can/);
  });

  void test('scale set: resource group, location, mode and "3/5 running"', () => {
    const vms = [instance(web, 0, 'running'), instance(web, 1, 'running'), instance(web, 2, 'running'), instance(web, 3, 'stopped'), instance(web, 4, 'deallocated')];
    assert.equal(scaleSetPresentation(web, vms).description, 'rg-vmss-web · westeurope · Uniform · 3/5 running');
    assert.equal(scaleSetPresentation(web, undefined).description, 'rg-vmss-web · westeurope · Uniform');
    assert.match(scaleSetPresentation(flex, []).contextValue, /;hibernation;/);
  });

  void test('a disabled subscription is marked', () => {
    const disabled = subscriptionPresentation(subscription('s-2', 'Old', 'Disabled'));
    assert.match(disabled.description, /^Disabled/);
    assert.match(disabled.tooltip, /not enabled/);
    assert.equal(subscriptionPresentation(subscription('s-1', 'Prod')).description, 's-1');
  });
});

void describe('Volcengine nodes', () => {
  void test('every documented status has a label and an icon', () => {
    const labels = ECS_STATUSES.map(ecsStatusLabel);
    assert.equal(new Set(labels).size, ECS_STATUSES.length, 'each status has its own label');
    for (const status of ECS_STATUSES) assert.ok(ecsStatusIcon(status).id.length > 0);
  });

  void test('instance: status, zone and type; stopped mode when stopped; tooltip details', () => {
    const stopped = { ...ecs('i-abc03', 'STOPPED'), stoppedMode: 'StopCharging' as const, cpus: 2, memoryMb: 8192 };
    const p = ecsInstancePresentation(stopped);
    assert.equal(p.description, 'Stopped (economical stop) · cn-beijing-a · ecs.g3i.large');
    assert.match(p.tooltip, /Stop mode: economical stop/);
    assert.match(p.tooltip, /2 vCPU, 8 GiB memory/);
    assert.equal(ecsInstancePresentation(ecs('i-abc01', 'RUNNING')).description, 'Running · cn-beijing-a · ecs.g3i.large');
  });

  void test('regions show their localized name, their id, and which credential source is used (never a secret)', () => {
    assert.equal(regionDisplayName('cn-beijing'), 'China North 2 (Beijing)');
    assert.equal(regionDisplayName('xx-unknown-1'), 'xx-unknown-1');
    const p = regionPresentation('cn-shanghai', [ecs('i-1', 'RUNNING', 'cn-shanghai'), ecs('i-2', 'STOPPED', 'cn-shanghai')], 'Secret Storage (access key ****WXYZ)');
    assert.equal(p.label, 'China East 2 (Shanghai)');
    assert.equal(p.description, 'cn-shanghai · 1/2 running');
    assert.match(p.tooltip, /Credentials: Secret Storage \(access key \*\*\*\*WXYZ\)/);
  });

  void test('region names come from the one region table, in the display language', () => {
    assert.equal(regionDisplayName('cn-beijing2'), 'China North 3');
    const english = (message: string, ...args: Array<string | number | boolean>): string => message.replace(/\{(\d+)\}/g, (_, i: string) => String(args[Number(i)]));
    try {
      installTranslator(english, 'zh-cn');
      assert.equal(l10n.locale(), 'zh-cn');
      assert.equal(regionDisplayName('cn-beijing'), '华北2（北京）');
      assert.equal(regionPresentation('cn-shanghai', undefined, undefined).label, '华东2（上海）');
    } finally {
      installTranslator(english);
    }
    assert.equal(regionDisplayName('cn-beijing'), 'China North 2 (Beijing)');
  });
});

void describe('Recent Operations items', () => {
  void test('status, target, options and duration; the ClientToken stays out of the description', () => {
    const record: OperationRecord = {
      id: 'op-1', kind: 'volcengine.stopInstance', cloud: 'volcengine',
      targets: [{ id: 'i-1', label: 'web-01 (i-1)', scope: 'cn-beijing' }, { id: 'i-2', label: 'web-02 (i-2)', scope: 'cn-beijing' }],
      options: { stoppedMode: 'StopCharging', forceStop: false, dryRun: false, clientToken: 'fp-123' },
      status: 'partial', startedAt: 1_000, endedAt: 66_000, events: [], results: {},
    };
    const p = operationPresentation(record, 70_000);
    assert.equal(p.label, 'Stop web-01 (i-1) and 1 more');
    assert.equal(p.description, 'partly failed · 1m 5s · stoppedMode=StopCharging, forceStop=false, dryRun=false');
    assert.equal(p.icon.id, 'warning');
    assert.equal(formatDuration(4_400), '4s');
  });

  void test('options are rendered from the typed options object; the ClientToken only where asked for', () => {
    const options = { stoppedMode: 'KeepCharging' as const, forceStop: true, dryRun: false, clientToken: 'fp-9' };
    assert.equal(formatOptions(options), 'stoppedMode=KeepCharging, forceStop=true, dryRun=false');
    assert.equal(formatOptions(options, true), 'stoppedMode=KeepCharging, forceStop=true, dryRun=false, clientToken=fp-9');
    assert.equal(formatOptions({}), '');
  });

  void test('every target status has its own label, the new canceled and not-sent ones included', () => {
    const statuses = ['pending', 'succeeded', 'failed', 'canceled', 'notSent', 'checked', 'unknown'] as const;
    assert.equal(new Set(statuses.map(targetStatusLabel)).size, statuses.length);
    assert.equal(targetStatusLabel('notSent'), 'not sent');
  });
});

void describe('credential source', () => {
  void test('names the source and masks the key id; the secret never appears', () => {
    const canary = { source: 'VOLCENGINE_ACCESS_KEY' as const, accessKeyId: 'AKLTcanary000000WXYZ', secretKey: 'canary-secret-value', sessionToken: 'canary-session' };
    const text = credentialSourceDescription(canary);
    assert.equal(text, 'environment variables VOLCENGINE_ACCESS_KEY / VOLCENGINE_SECRET_KEY (access key ****WXYZ, with session token)');
    assert.doesNotMatch(text, /canary/);
    assert.equal(credentialSourceName({ source: 'veProfile', profile: 'default' }), 've CLI profile "default"');
    assert.equal(credentialSourceName({ source: 'secretStorage' }), 'Secret Storage');
  });
});

void describe('operation progress helpers', () => {
  const vm = '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-web/providers/Microsoft.Compute/virtualMachineScaleSets/vmss-web/virtualMachines/3';
  const record = { cloud: 'azure' as const, targets: [{ id: vm, label: 'vmss-web/3', scope: 'scope' }] };

  void test('an event naming a target in another casing still shows the target label', () => {
    assert.equal(targetLabelFor(record, vm.toLowerCase()), 'vmss-web/3');
    assert.equal(targetLabelFor(record, vm.replace('resourceGroups', 'RESOURCEGROUPS')), 'vmss-web/3');
  });

  void test('an unknown target falls back to its id', () => {
    assert.equal(targetLabelFor(record, '/subscriptions/x/other'), '/subscriptions/x/other');
  });
});
