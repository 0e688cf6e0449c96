/**
 * Who drives an operation when several windows share one journal: the window holding its
 * lease. A lease is renewed by a heartbeat; one whose heartbeat stopped (the window closed or
 * crashed) is stale, and another window may take the operation over. The store is shared state
 * (VS Code's globalState in the extension) with no compare-and-swap, so taking a lease writes
 * it, waits for a concurrent claim to land, and reads it back: of two windows claiming at once,
 * the one whose write stayed wins and the other keeps following.
 */
import { abortableSleep } from './async';

export interface Lease {
  /** The window (extension host session) driving the operation. */
  holder: string;
  /** Epoch ms of the holder's last heartbeat. */
  heartbeatAt: number;
}

/** One entry per operation id, so windows writing leases of different operations never overwrite each other. */
export interface LeaseStore {
  get(operationId: string): Lease | undefined;
  set(operationId: string, lease: Lease | undefined): Promise<void>;
}

export class InMemoryLeaseStore implements LeaseStore {
  private readonly leases = new Map<string, Lease>();
  get(operationId: string): Lease | undefined {
    const lease = this.leases.get(operationId);
    return lease ? { ...lease } : undefined;
  }
  set(operationId: string, lease: Lease | undefined): Promise<void> {
    if (lease) this.leases.set(operationId, { ...lease });
    else this.leases.delete(operationId);
    return Promise.resolve();
  }
}

export interface LeaseOptions {
  /** This window's id (random per extension host session). */
  holder: string;
  /** Heartbeat period. Default 5 s. */
  heartbeatMs?: number;
  /** A lease not renewed for this long is stale. Default 20 s (four missed heartbeats). */
  staleMs?: number;
  /** How long a claim waits for a concurrent one to land before reading it back. Default 1 s. */
  settleMs?: number;
  now?: () => number;
}

export class OperationLeases {
  readonly holder: string;
  private readonly held = new Set<string>();
  private readonly heartbeatMs: number;
  private readonly staleMs: number;
  private readonly settleMs: number;
  private readonly now: () => number;
  private timer: ReturnType<typeof setInterval> | undefined;
  private readonly stopped = new AbortController();
  private readonly writes = new Set<Promise<void>>();

  constructor(private readonly store: LeaseStore, options: LeaseOptions) {
    this.holder = options.holder;
    this.heartbeatMs = options.heartbeatMs ?? 5_000;
    this.staleMs = options.staleMs ?? 20_000;
    this.settleMs = options.settleMs ?? 1_000;
    this.now = options.now ?? Date.now;
  }

  /** Another live window holds the lease. */
  heldElsewhere(operationId: string): boolean {
    const lease = this.store.get(operationId);
    return lease !== undefined && lease.holder !== this.holder && this.now() - lease.heartbeatAt < this.staleMs;
  }

  /** A new operation of this window: nobody else can know its id yet, so it is taken at once. */
  claimNew(operationId: string): void {
    this.hold(operationId);
    this.write(operationId, this.lease());
  }

  /** Takes the lease of an operation found in the journal, unless a live window holds it; true when this window now drives it. */
  async acquire(operationId: string): Promise<boolean> {
    if (this.stopped.signal.aborted || this.heldElsewhere(operationId)) return false;
    await this.store.set(operationId, this.lease());
    await abortableSleep(this.settleMs, this.stopped.signal);
    if (this.stopped.signal.aborted || this.store.get(operationId)?.holder !== this.holder) return false;
    this.hold(operationId);
    return true;
  }

  /** The operation ended (or this window stopped driving it): another window need not wait for staleness. */
  release(operationId: string): void {
    if (!this.held.delete(operationId)) return;
    if (this.store.get(operationId)?.holder === this.holder) this.write(operationId, undefined);
    if (this.held.size === 0) this.stopHeartbeat();
  }

  /** Releases every lease this window holds (the window is closing) and stops the heartbeat; resolves once written. */
  async dispose(): Promise<void> {
    this.stopped.abort();
    for (const id of [...this.held]) this.release(id);
    this.stopHeartbeat();
    await Promise.all([...this.writes]);
  }

  private write(operationId: string, lease: Lease | undefined): void {
    const written = this.store.set(operationId, lease).catch(() => undefined).finally(() => this.writes.delete(written));
    this.writes.add(written);
  }

  private lease(): Lease {
    return { holder: this.holder, heartbeatAt: this.now() };
  }

  private hold(operationId: string): void {
    this.held.add(operationId);
    if (this.timer) return;
    this.timer = setInterval(() => {
      for (const id of this.held) this.write(id, this.lease());
    }, this.heartbeatMs);
    // The heartbeat alone must not keep a process alive.
    this.timer.unref();
  }

  private stopHeartbeat(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }
}
