/**
 * `volcengine.rebootInstance`: RebootInstance / RebootInstances with ForceStop (normal or forced
 * shutdown before the restart), waiting until each instance is RUNNING again. A reboot leaves
 * the instance RUNNING either way, so a request whose answer was lost is confirmed only by
 * REBOOTING (or ERROR) on the first read; RUNNING then stays "outcome unknown".
 */
import type { OperationDriver } from '../../fleet/driver';
import { createPowerDriver, type PowerActionSpec, type VolcengineClientFactory, type VolcengineDriverOptions } from './powerDriver';
import { POWER_ACTIONS } from './powerPlan';

export const REBOOT_SPEC: PowerActionSpec<'volcengine.rebootInstance'> = {
  kind: 'volcengine.rebootInstance',
  actions: POWER_ACTIONS.reboot,
  goal: { done: 'RUNNING', underway: new Set(['REBOOTING', 'ERROR']), verb: 'reboot' },
  dryRun: () => false,
  parameters: (options) => ({ forceStop: options.forceStop }),
  checkedMessage: 'Checks passed; nothing was rebooted.',
};

export function createRebootInstanceDriver(clientFactory: VolcengineClientFactory, options: VolcengineDriverOptions = {}): OperationDriver<'volcengine.rebootInstance'> {
  return createPowerDriver(REBOOT_SPEC, clientFactory, options);
}
