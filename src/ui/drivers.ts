/**
 * The engine gets one driver per operation kind at activation, but the real drivers live in
 * the cloud bundle. These stand-ins load it (and sign in) only when an operation runs or
 * resumes; a failure to do so becomes the operation's outcome, never a throw.
 */
import type { DriverOutcome, OperationContext, OperationDriver } from '../fleet/driver';
import type { CloudErrorInfo, OperationKind, OperationRecord } from '../fleet/model';

export type DriverSource = () => Promise<OperationDriver[]>;

function setupError(cloud: 'azure' | 'volcengine', error: unknown): CloudErrorInfo {
  const message = error instanceof Error ? error.message : String(error);
  const fix = error instanceof Error && 'fix' in error ? (error as { fix: unknown }).fix : undefined;
  return {
    cloud,
    code: fix === 'signIn' || fix === 'setCredentials' ? 'NotSignedIn' : 'SetupFailed',
    message,
    category: fix === 'signIn' || fix === 'setCredentials' ? 'authentication' : 'invalidInput',
  };
}

class LazyDriver implements OperationDriver {
  constructor(readonly kind: OperationKind, private readonly cloud: 'azure' | 'volcengine', private readonly source: DriverSource) {}

  private async resolve(): Promise<OperationDriver> {
    const driver = (await this.source()).find((d) => d.kind === this.kind);
    if (!driver) throw new Error(`No driver for ${this.kind}.`);
    return driver;
  }

  async run(record: OperationRecord, ctx: OperationContext): Promise<DriverOutcome> {
    let driver: OperationDriver;
    try {
      driver = await this.resolve();
    } catch (error) {
      return { status: 'failed', error: setupError(this.cloud, error) };
    }
    return driver.run(record, ctx);
  }

  async resume(record: OperationRecord, ctx: OperationContext): Promise<DriverOutcome> {
    let driver: OperationDriver;
    try {
      driver = await this.resolve();
    } catch (error) {
      return { status: 'unknown', error: setupError(this.cloud, error) };
    }
    return driver.resume(record, ctx);
  }
}

/** Caches the drivers a source creates until `reset()` (credentials or settings changed). */
export class CachedDriverSource {
  private drivers: Promise<OperationDriver[]> | undefined;

  constructor(private readonly create: () => Promise<OperationDriver[]>) {}

  get(): Promise<OperationDriver[]> {
    this.drivers ??= this.create().catch((error: unknown) => {
      this.drivers = undefined;
      throw error;
    });
    return this.drivers;
  }

  reset(): void {
    this.drivers = undefined;
  }
}

export function lazyDrivers(azure: DriverSource, volcengine: DriverSource): OperationDriver[] {
  return [
    new LazyDriver('azure.powerOff', 'azure', azure),
    new LazyDriver('azure.deallocate', 'azure', azure),
    new LazyDriver('azure.performMaintenance', 'azure', azure),
    new LazyDriver('volcengine.stopInstance', 'volcengine', volcengine),
  ];
}
