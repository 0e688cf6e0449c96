/** `volcengine.stopInstance`: StopInstance / StopInstances, waiting until each instance is STOPPED. */
import type { OperationDriver } from '../../fleet/driver';
import { createPowerDriver, type PowerActionSpec, type VolcengineClientFactory, type VolcengineDriverOptions } from './powerDriver';
import { POWER_ACTIONS } from './powerPlan';

export const STOP_SPEC: PowerActionSpec<'volcengine.stopInstance'> = {
  kind: 'volcengine.stopInstance',
  actions: POWER_ACTIONS.stop,
  goal: { done: 'STOPPED', underway: new Set(['STOPPING', 'STOPPED', 'ERROR']), verb: 'stop' },
  dryRun: (options) => options.dryRun,
  parameters: (options) => ({ forceStop: options.forceStop, stoppedMode: options.stoppedMode }),
  checkedMessage: 'Checks passed; nothing was stopped.',
};

export function createStopInstanceDriver(clientFactory: VolcengineClientFactory, options: VolcengineDriverOptions = {}): OperationDriver<'volcengine.stopInstance'> {
  return createPowerDriver(STOP_SPEC, clientFactory, options);
}
