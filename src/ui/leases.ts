/**
 * Operation leases in globalState, which every window of this VS Code shares: one entry per
 * operation, so windows heart-beating different operations never overwrite each other.
 */
import type * as vscode from 'vscode';
import type { Lease, LeaseStore } from '../fleet/leases';

const LEASE_KEY_PREFIX = 'fleetPower.operations.lease.';

export class GlobalStateLeaseStore implements LeaseStore {
  constructor(private readonly state: vscode.Memento) {}

  get(operationId: string): Lease | undefined {
    const stored = this.state.get<unknown>(LEASE_KEY_PREFIX + operationId);
    if (!stored || typeof stored !== 'object') return undefined;
    const { holder, heartbeatAt } = stored as Partial<Lease>;
    return typeof holder === 'string' && typeof heartbeatAt === 'number' ? { holder, heartbeatAt } : undefined;
  }

  async set(operationId: string, lease: Lease | undefined): Promise<void> {
    await this.state.update(LEASE_KEY_PREFIX + operationId, lease);
  }
}
