/**
 * `volcengine.startInstance`: StartInstance / StartInstances, waiting until each instance is
 * RUNNING. StartInstance takes DryRun, which also checks stock: the check to run before
 * starting an instance stopped with StopCharging, whose vCPU and memory are re-created on
 * start and can fail for lack of stock (StopInstance doc, StoppedMode). No ForceStop here.
 */
import type { OperationDriver } from '../../fleet/driver';
import { createPowerDriver, type PowerActionSpec, type VolcengineClientFactory, type VolcengineDriverOptions } from './powerDriver';
import { POWER_ACTIONS } from './powerPlan';

export const START_SPEC: PowerActionSpec<'volcengine.startInstance'> = {
  kind: 'volcengine.startInstance',
  actions: POWER_ACTIONS.start,
  goal: { done: 'RUNNING', underway: new Set(['STARTING', 'RUNNING', 'ERROR']), verb: 'start' },
  dryRun: (options) => options.dryRun,
  parameters: () => ({}),
  checkedMessage: 'Checks passed; nothing was started.',
};

export function createStartInstanceDriver(clientFactory: VolcengineClientFactory, options: VolcengineDriverOptions = {}): OperationDriver<'volcengine.startInstance'> {
  return createPowerDriver(START_SPEC, clientFactory, options);
}
