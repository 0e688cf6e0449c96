/**
 * A cloud's drivers live in the cloud bundle and need a signed-in client, so they are created
 * on the first operation (or resume) and kept until reset() (credentials or settings changed).
 * A failed creation is not kept: the next operation tries again. No 'vscode' import.
 */
import type { OperationDriver } from '../../fleet/driver';

export class DriverCache {
  private drivers: Promise<OperationDriver[]> | undefined;

  constructor(private readonly create: () => OperationDriver[] | Promise<OperationDriver[]>) {}

  get(): Promise<OperationDriver[]> {
    this.drivers ??= Promise.resolve().then(() => this.create()).catch((error: unknown) => {
      this.drivers = undefined;
      throw error;
    });
    return this.drivers;
  }

  reset(): void {
    this.drivers = undefined;
  }
}
