/**
 * Planned maintenance: the SDK's maintenanceRedeployStatus mapped to the fleet model, the one
 * eligibility rule, and the marker, tooltip and scale-set count for every status shape the
 * spec allows (absent, self-service window open or ahead, only Azure's window left, each last
 * result, windows already past). The menus, the palette and the flows all follow the one rule.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import type { MaintenanceRedeployStatus } from '@azure/arm-compute';
import { maintenanceFromSdk } from '../../src/cloud/azure/maintenanceStatus';
import { uniformInstance } from '../../src/cloud/azure/mapping';
import { type MaintenanceStatus, maintenanceEligibility, maintenancePhase } from '../../src/fleet/maintenance';
import type { AzurePowerState, ScaleSetInstance } from '../../src/fleet/model';
import { performMaintenanceFlow } from '../../src/ui/flows/azureMaintenance';
import { QueuePrompter } from '../../src/ui/prompts/queuePrompter';
import { azureInstanceAllowed, azureValidTargets } from '../../src/ui/targets';
import { instancePresentation, scaleSetPresentation } from '../../src/ui/tree/azurePresentation';
import { maintenanceMarker, maintenanceSummary, maintenanceTooltip } from '../../src/ui/tree/maintenance';
import { instance, MemoryAzureFleet, scaleSet, subscription } from './ui-fixtures';

/** Intl puts thin and narrow no-break spaces around "–" and before "PM"; the assertions read plain spaces. */
const plain = (text: string | undefined) => text?.replace(/[\u2009\u202f\u00a0]/g, ' ');
const marker = (m: MaintenanceStatus | undefined, c = clock) => plain(maintenanceMarker(m, c));
const tooltip = (m: MaintenanceStatus | undefined) => maintenanceTooltip(m, clock).map((line) => plain(line) ?? '');

const DAY = 86_400_000;
/** 1 Dec 2026 10:00 UTC: every window below is placed around it. */
const NOW = Date.UTC(2026, 11, 1, 10, 0, 0);
const clock = { now: NOW, timeZone: 'UTC' };
const at = (days: number, hours = 0) => NOW + days * DAY + hours * 3_600_000;

const SHAPES = {
  open: { customerMayStart: true, selfServiceWindow: { start: at(-2), end: at(11, 8) }, scheduledWindow: { start: at(12, 8), end: at(14, 8) }, lastResult: 'None' },
  openNoEnd: { customerMayStart: true },
  ahead: { customerMayStart: false, selfServiceWindow: { start: at(3), end: at(30) }, scheduledWindow: { start: at(31), end: at(33) } },
  scheduledOnly: { customerMayStart: false, selfServiceWindow: { start: at(-30), end: at(-1) }, scheduledWindow: { start: at(12, 8), end: at(14, 8) } },
  scheduledStartOnly: { customerMayStart: false, scheduledWindow: { start: at(12, 8) } },
  completed: { customerMayStart: false, selfServiceWindow: { start: at(-2), end: at(11) }, lastResult: 'MaintenanceCompleted', lastMessage: 'Maintenance completed successfully.' },
  aborted: { customerMayStart: false, lastResult: 'MaintenanceAborted', lastMessage: 'Aborted by the platform.' },
  retryLater: { customerMayStart: false, lastResult: 'RetryLater' },
  allPast: { customerMayStart: false, selfServiceWindow: { start: at(-40), end: at(-10) }, scheduledWindow: { start: at(-9), end: at(-7) } },
  // Read while open; the window has ended since (the flag is stale).
  staleOpen: { customerMayStart: true, selfServiceWindow: { start: at(-30), end: at(-1) }, scheduledWindow: { start: at(2), end: at(4) } },
} satisfies Record<string, MaintenanceStatus>;

const web = scaleSet('vmss-web', 'Uniform');
const vm = (index: number, powerState: AzurePowerState, maintenance?: MaintenanceStatus): ScaleSetInstance =>
  ({ ...instance(web, index, powerState), ...(maintenance ? { maintenance } : {}) });

void describe('maintenanceRedeployStatus from the SDK', () => {
  void test('the four times become epoch ms (Date or string), the flag must be true, the code must be one of the spec\'s', () => {
    const status: MaintenanceRedeployStatus = {
      isCustomerInitiatedMaintenanceAllowed: true,
      preMaintenanceWindowStartTime: new Date('2026-11-29T10:00:00Z'),
      preMaintenanceWindowEndTime: new Date('2026-12-12T18:00:00Z'),
      maintenanceWindowStartTime: new Date('2026-12-13T18:00:00Z'),
      maintenanceWindowEndTime: new Date('2026-12-15T18:00:00Z'),
      lastOperationResultCode: 'None',
      lastOperationMessage: '  ',
    };
    assert.deepEqual(maintenanceFromSdk(status), {
      customerMayStart: true,
      selfServiceWindow: { start: Date.UTC(2026, 10, 29, 10), end: Date.UTC(2026, 11, 12, 18) },
      scheduledWindow: { start: Date.UTC(2026, 11, 13, 18), end: Date.UTC(2026, 11, 15, 18) },
      lastResult: 'None',
    });
    // What the SDK passes through unchecked from a misbehaving server.
    const odd = { isCustomerInitiatedMaintenanceAllowed: 'true', preMaintenanceWindowEndTime: new Date('nonsense'), maintenanceWindowStartTime: '2026-12-13T18:00:00Z', lastOperationResultCode: 'Sometime', lastOperationMessage: 'hello' } as unknown as MaintenanceRedeployStatus;
    assert.deepEqual(maintenanceFromSdk(odd), { customerMayStart: false, scheduledWindow: { start: Date.UTC(2026, 11, 13, 18) }, lastMessage: 'hello' });
    assert.equal(maintenanceFromSdk(undefined), undefined);
  });

  void test('a listed instance without the property has no maintenance; with it, it has', () => {
    const ref = { id: web.id, name: web.name, subscriptionId: web.subscriptionId, resourceGroup: web.resourceGroup, orchestrationMode: web.orchestrationMode };
    const statuses = [{ code: 'PowerState/running' }];
    assert.equal(uniformInstance({ id: `${web.id}/virtualMachines/0`, instanceId: '0', instanceView: { statuses } }, ref)?.maintenance, undefined);
    const listed = uniformInstance({ id: `${web.id}/virtualMachines/2`, instanceId: '2', instanceView: { statuses, maintenanceRedeployStatus: { isCustomerInitiatedMaintenanceAllowed: true } } }, ref);
    assert.deepEqual(listed?.maintenance, { customerMayStart: true });
  });
});

void describe('the one eligibility rule', () => {
  void test('allowed by Azure, self-service window not ended, state settled', () => {
    const verdict = (m: MaintenanceStatus | undefined, state: AzurePowerState = 'running') => {
      const v = maintenanceEligibility({ powerState: state, maintenance: m }, NOW);
      return v.eligible ? 'eligible' : v.blocker;
    };
    assert.equal(verdict(undefined), 'nothingPlanned');
    assert.equal(verdict(SHAPES.open), 'eligible');
    assert.equal(verdict(SHAPES.openNoEnd), 'eligible');
    assert.equal(verdict(SHAPES.open, 'deallocated'), 'eligible');
    assert.equal(verdict(SHAPES.open, 'hibernated'), 'eligible');
    assert.equal(verdict(SHAPES.open, 'stopping'), 'busy');
    assert.equal(verdict(SHAPES.open, 'unknown'), 'busy');
    for (const shape of [SHAPES.ahead, SHAPES.scheduledOnly, SHAPES.completed, SHAPES.aborted, SHAPES.retryLater, SHAPES.allPast]) assert.equal(verdict(shape), 'notOffered');
    assert.equal(verdict(SHAPES.staleOpen), 'windowClosed');
  });

  void test('menus, palette and flows all follow it: for every shape and state they agree', async () => {
    const shapes: Array<MaintenanceStatus | undefined> = [undefined, ...Object.values(SHAPES)];
    const states: AzurePowerState[] = ['running', 'stopped', 'deallocated', 'hibernated', 'stopping', 'unknown'];
    const vms = shapes.flatMap((m, i) => states.map((state, j) => vm(i * states.length + j, state, m)));
    const now = Date.now();
    // Shift the windows onto the real clock: the flows read Date.now().
    const live = vms.map((v) => (v.maintenance ? { ...v, maintenance: shift(v.maintenance, now - NOW) } : v));
    const expected = live.filter((v) => maintenanceEligibility(v, now).eligible).map((v) => v.id).sort();
    assert.ok(expected.length > 0 && expected.length < live.length);

    const menu = menuRegex();
    assert.deepEqual(live.filter((v) => menu.test(instancePresentation(v, undefined, { now }).contextValue)).map((v) => v.id).sort(), expected, 'menus');
    assert.deepEqual(live.filter((v) => azureInstanceAllowed('performMaintenance', v, now)).map((v) => v.id).sort(), expected, 'targets');
    assert.deepEqual(azureValidTargets('performMaintenance', live, now).map((v) => v.id).sort(), expected, 'valid targets');

    const source = new MemoryAzureFleet([subscription('sub-1', 'Production')], [web], live);
    const palette = new QueuePrompter([{ pick: 'vmss-web' }, { pickMany: [/./] }, { confirm: true }]);
    await performMaintenanceFlow({ kind: 'none' }, { prompter: palette, source });
    const offered = palette.asked[1];
    assert.ok(offered?.kind === 'pickMany');
    assert.deepEqual(offered.items.map((item) => live.find((v) => v.name === item.label)?.id).sort(), expected, 'palette');

    const whole = await performMaintenanceFlow({ kind: 'scaleSet', scaleSet: web }, { prompter: new QueuePrompter([{ confirm: true }]), source });
    assert.ok(whole.outcome === 'plan');
    assert.deepEqual(whole.plan.targets.map((t) => t.id).sort(), expected, 'whole scale set');
    assert.equal(scaleSetPresentation(web, live, { now }).description.includes(`${expected.length} need maintenance`), true, 'the scale set count');
  });
});

void describe('maintenance markers', () => {
  void test('each shape has its marker, in the short local date', () => {
    assert.equal(marker(undefined, clock), undefined);
    assert.equal(marker(SHAPES.open, clock), 'maintenance pending: you can start it until Dec 12');
    assert.equal(marker(SHAPES.openNoEnd, clock), 'maintenance pending: you can start it now');
    assert.equal(marker(SHAPES.ahead, clock), 'maintenance planned: you can start it from Dec 4');
    assert.equal(marker(SHAPES.scheduledOnly, clock), 'Azure will start maintenance Dec 13 – Dec 15');
    assert.equal(marker(SHAPES.scheduledStartOnly, clock), 'Azure will start maintenance from Dec 13');
    assert.equal(marker(SHAPES.completed, clock), 'maintenance completed');
    assert.equal(marker(SHAPES.aborted, clock), 'maintenance aborted');
    assert.equal(marker(SHAPES.retryLater, clock), 'maintenance: retry later');
    assert.equal(marker(SHAPES.allPast, clock), undefined, 'nothing left to do or to wait for');
    // The flag still says allowed, but the window ended: what is left is Azure's own window.
    assert.equal(marker(SHAPES.staleOpen, clock), 'Azure will start maintenance Dec 3 – Dec 5');
  });

  void test('the date is the user\'s local one: a window ending late on the 12th UTC ends on the 13th in Shanghai', () => {
    const late = { customerMayStart: true, selfServiceWindow: { end: Date.UTC(2026, 11, 12, 20) } };
    assert.match(marker(late, { now: NOW, timeZone: 'UTC' }) ?? '', /until Dec 12$/);
    assert.match(marker(late, { now: NOW, timeZone: 'Asia/Shanghai' }) ?? '', /until Dec 13$/);
  });

  void test('the tooltip shows both windows with times, whether Azure allows it now, the last result and message', () => {
    assert.deepEqual(tooltip(undefined), ['Maintenance: none planned']);
    assert.deepEqual(tooltip(SHAPES.open), [
      'Maintenance: maintenance pending: you can start it until Dec 12',
      'Self-service window: Nov 29, 2026, 10:00 AM UTC – Dec 12, 2026, 6:00 PM UTC',
      'Scheduled window (Azure starts it): Dec 13, 2026, 6:00 PM UTC – Dec 15, 2026, 6:00 PM UTC',
      'Self-service maintenance: allowed now',
    ]);
    const completed = tooltip(SHAPES.completed);
    assert.ok(completed.includes('Last maintenance result: completed'), completed.join('\n'));
    assert.ok(completed.includes('Last maintenance message: Maintenance completed successfully.'));
    assert.ok(completed.includes('Self-service maintenance: not allowed now'));
  });

  void test('windows already past say so, and a status whose windows all passed says that instead of a marker', () => {
    const past = tooltip(SHAPES.allPast);
    assert.equal(past[0], 'Maintenance: its windows have passed');
    assert.match(past[1] ?? '', /^Self-service window: Oct 22, 2026, 10:00 AM UTC – Nov 21, 2026, 10:00 AM UTC \(ended\)$/);
    assert.match(past[2] ?? '', /^Scheduled window \(Azure starts it\): .* \(ended\)$/);
    assert.match(tooltip(SHAPES.scheduledOnly)[1] ?? '', /\(ended\)$/);
    assert.doesNotMatch(tooltip(SHAPES.scheduledOnly)[2] ?? '', /\(ended\)/);
  });

  void test('an instance shows the marker beside its power state, the tooltip lines, and no marker while an operation runs', () => {
    const p = instancePresentation(vm(3, 'running', SHAPES.open), undefined, clock);
    assert.equal(p.description, '#3 · Running · maintenance pending: you can start it until Dec 12');
    assert.match(p.contextValue, /;canMaintain\b/);
    assert.match(p.tooltip, /Self-service window: Nov 29, 2026/);
    assert.equal(instancePresentation(vm(3, 'running'), undefined, clock).description, '#3 · Running');
    assert.doesNotMatch(instancePresentation(vm(3, 'running'), undefined, clock).contextValue, /canMaintain/);
    const pending = instancePresentation(vm(3, 'running', SHAPES.open), 'azure.performMaintenance', clock);
    assert.equal(pending.description, '#3 · Maintenance in progress…');
    assert.doesNotMatch(pending.contextValue, /canMaintain/);
    assert.doesNotMatch(instancePresentation(vm(8, 'running', SHAPES.scheduledOnly), undefined, clock).contextValue, /canMaintain/);
  });

  void test('a scale set says how many need maintenance beside "n/m running"; none: nothing', () => {
    const vms = [vm(0, 'running'), vm(1, 'running', SHAPES.open), vm(2, 'stopped', SHAPES.open), vm(3, 'running', SHAPES.scheduledOnly)];
    const set = scaleSetPresentation(web, vms, clock);
    assert.equal(set.description, 'rg-vmss-web · westeurope · Uniform · 3/4 running · 2 need maintenance');
    assert.match(set.contextValue, /;canMaintain\b/);
    assert.match(set.tooltip, /2 need maintenance/);
    assert.equal(maintenanceSummary([vm(1, 'running', SHAPES.open)], NOW), '1 needs maintenance');
    const none = scaleSetPresentation(web, [vm(0, 'running'), vm(3, 'running', SHAPES.scheduledOnly)], clock);
    assert.equal(none.description, 'rg-vmss-web · westeurope · Uniform · 2/2 running');
    assert.doesNotMatch(none.contextValue, /canMaintain/);
  });
});

function shift(m: MaintenanceStatus, by: number): MaintenanceStatus {
  const move = (w: { start?: number; end?: number } | undefined) => w && { ...(w.start !== undefined ? { start: w.start + by } : {}), ...(w.end !== undefined ? { end: w.end + by } : {}) };
  const self = move(m.selfServiceWindow);
  const scheduled = move(m.scheduledWindow);
  return { ...m, ...(self ? { selfServiceWindow: self } : {}), ...(scheduled ? { scheduledWindow: scheduled } : {}) };
}

/** The viewItem pattern package.json gates Perform Maintenance on. */
function menuRegex(): RegExp {
  const manifest = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'package.json'), 'utf8')) as { contributes: { menus: Record<string, Array<{ command: string; when?: string }>> } };
  const when = manifest.contributes.menus['view/item/context']?.find((m) => m.command === 'fleetPower.azure.performMaintenance')?.when ?? '';
  const pattern = /viewItem =~ \/(.+?)\/(?=\s|$|\))/.exec(when)?.[1];
  assert.ok(pattern, when);
  return new RegExp(pattern);
}

void test('maintenancePhase never reports an open window that has ended', () => {
  for (const shape of Object.values(SHAPES)) {
    const phase = maintenancePhase(shape, NOW);
    if (phase.kind === 'selfServiceOpen' && phase.until !== undefined) assert.ok(phase.until > NOW);
  }
});
