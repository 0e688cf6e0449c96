/**
 * Re-reads what a view shows on an interval, only while someone can see it: paused while the
 * view is hidden (collapsed or scrolled away as a section counts as hidden) or the window is
 * not focused, once on becoming visible again when a round was missed, and never two rounds at
 * once. A refresh the user asks for waits for a running round and then runs (one follow-up, however
 * many clicks). Scheduler and clock are injectable so tests drive the rounds. No 'vscode' import.
 */
import type { Scheduler } from './settlePoller';

export type RefreshReason = 'auto' | 'user';

const realScheduler: Scheduler = {
  schedule(run, ms) {
    const timer = setTimeout(run, ms);
    return () => clearTimeout(timer);
  },
};

export class AutoRefresher {
  private visible = false;
  private focused = true;
  private running: Promise<void> | undefined;
  private followUp: Promise<void> | undefined;
  private cancelTimer: (() => void) | undefined;
  private lastRoundAt: number;
  private disposed = false;

  constructor(
    private readonly refresh: (reason: RefreshReason) => Promise<void>,
    /** 0 turns automatic refresh off. */
    private readonly intervalMs: () => number,
    private readonly scheduler: Scheduler = realScheduler,
    private readonly now: () => number = Date.now,
  ) {
    this.lastRoundAt = now();
  }

  /** Rounds run so far, by reason (for tests and the output's counts). */
  readonly rounds: Record<RefreshReason, number> = { auto: 0, user: 0 };

  get active(): boolean {
    return !this.disposed && this.visible && this.focused && this.intervalMs() > 0;
  }

  setVisible(visible: boolean): void {
    this.visible = visible;
    this.changed();
  }

  setFocused(focused: boolean): void {
    this.focused = focused;
    this.changed();
  }

  /** The interval setting changed: start over from now. */
  intervalChanged(): void {
    this.stopTimer();
    this.changed();
  }

  /** The user's refresh: after any round in flight, one more (clicks while it waits share it). */
  refreshNow(): Promise<void> {
    if (!this.running) return this.start('user');
    this.followUp ??= this.running.then(() => {
      this.followUp = undefined;
      return this.start('user');
    });
    return this.followUp;
  }

  dispose(): void {
    this.disposed = true;
    this.stopTimer();
  }

  private changed(): void {
    if (!this.active) {
      this.stopTimer();
      return;
    }
    if (this.cancelTimer || this.running) return;
    // Back in view after a round came due: read now, once.
    const due = this.lastRoundAt + this.intervalMs() - this.now();
    if (due <= 0) void this.start('auto');
    else this.arm(due);
  }

  private arm(ms: number): void {
    this.stopTimer();
    const cancel = this.scheduler.schedule(() => {
      if (this.cancelTimer === cancel) this.cancelTimer = undefined;
      // Never overlapping itself: a round still running (a slow listing, a user refresh) is not doubled.
      if (this.active && !this.running) void this.start('auto');
    }, ms);
    this.cancelTimer = cancel;
  }

  private stopTimer(): void {
    this.cancelTimer?.();
    this.cancelTimer = undefined;
  }

  private start(reason: RefreshReason): Promise<void> {
    this.stopTimer();
    this.rounds[reason]++;
    const round = this.refresh(reason).catch(() => undefined).finally(() => {
      this.running = undefined;
      this.lastRoundAt = this.now();
      if (this.active && !this.followUp) this.arm(this.intervalMs());
    });
    this.running = round;
    return round;
  }
}
