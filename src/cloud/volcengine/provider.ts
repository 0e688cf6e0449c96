/** What Volcengine contributes to the operation engine: its kinds (src/fleet/clouds.ts), drivers and error mapping. */
import type { OperationDriver } from '../../fleet/driver';
import { VOLCENGINE_CLOUD } from '../../fleet/clouds';
import { cloudProvider, type CloudProvider } from '../../fleet/provider';
import { describeVolcengineFailure } from './errors';
import type { VolcengineClientFactory, VolcengineDriverOptions } from './powerDriver';
import { createRebootInstanceDriver } from './rebootDriver';
import { createStartInstanceDriver } from './startDriver';
import { createStopInstanceDriver } from './stopDriver';

/** Every Volcengine operation driver: stop, start, reboot. */
export function createVolcengineDrivers(clientFactory: VolcengineClientFactory, options: VolcengineDriverOptions = {}): OperationDriver[] {
  return [
    createStopInstanceDriver(clientFactory, options),
    createStartInstanceDriver(clientFactory, options),
    createRebootInstanceDriver(clientFactory, options),
  ];
}

export function createVolcengineProvider(clientFactory: VolcengineClientFactory, options: VolcengineDriverOptions = {}): CloudProvider {
  return cloudProvider(VOLCENGINE_CLOUD, () => createVolcengineDrivers(clientFactory, options), describeVolcengineFailure);
}
