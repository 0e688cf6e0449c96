/**
 * The pieces behind a view you can trust, in plain Node: automatic refresh (only while visible
 * and focused, once on coming back, never overlapping, a user refresh after the running round),
 * what a refresh re-reads (what is on screen), what it fires (only what changed, never while a
 * fetch runs), what is remembered across a reload (expansion, the filter) and what a failed
 * listing's row leads with.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { CloudErrorInfo } from '../../src/fleet/model';
import { AutoRefresher, type RefreshReason } from '../../src/ui/tree/autoRefresh';
import { ExpansionState, type StateStore } from '../../src/ui/tree/expansion';
import { listingFailureText } from '../../src/ui/tree/listingFailures';
import type { Scheduler } from '../../src/ui/tree/settlePoller';
import { StateFilter, viewDescription } from '../../src/ui/tree/stateFilter';
import { TreeChanges } from '../../src/ui/tree/treeChanges';
import { azureVisibleReads, isOpen } from '../../src/ui/tree/visibleReads';

/** A clock and a timer queue the test moves by hand. */
class ManualTime implements Scheduler {
  now = 0;
  private timers: Array<{ at: number; run: () => void }> = [];
  schedule(run: () => void, ms: number): () => void {
    const timer = { at: this.now + ms, run };
    this.timers.push(timer);
    return () => { this.timers = this.timers.filter((t) => t !== timer); };
  }
  get armed(): number { return this.timers.length; }
  async advance(ms: number): Promise<void> {
    this.now += ms;
    const due = this.timers.filter((t) => t.at <= this.now);
    this.timers = this.timers.filter((t) => t.at > this.now);
    for (const t of due) t.run();
    await settle();
  }
}

const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

class MemoryStore implements StateStore {
  readonly values = new Map<string, unknown>();
  get<T>(key: string): T | undefined { return this.values.get(key) as T | undefined; }
  update(key: string, value: unknown): Thenable<void> { this.values.set(key, value); return Promise.resolve(); }
}

/** The refresh behind an AutoRefresher: records each round; while `hold` is set a round runs until release(). */
class Rounds {
  readonly reasons: RefreshReason[] = [];
  hold = false;
  private finish: (() => void) | undefined;
  readonly run = (reason: RefreshReason): Promise<void> => {
    this.reasons.push(reason);
    if (!this.hold) return Promise.resolve();
    return new Promise<void>((resolve) => { this.finish = resolve; });
  };
  release(): void {
    this.hold = false;
    this.finish?.();
  }
}

function refresher(time: ManualTime, interval = 60_000): { auto: AutoRefresher; rounds: RefreshReason[]; state: Rounds } {
  const state = new Rounds();
  return { auto: new AutoRefresher(state.run, () => interval, time, () => time.now), rounds: state.reasons, state };
}

void describe('automatic refresh', () => {
  void test('one round per interval while the view is visible and the window focused; none while hidden or unfocused', async () => {
    const time = new ManualTime();
    const { auto, rounds } = refresher(time);
    await time.advance(120_000);
    assert.deepEqual(rounds, [], 'not visible yet: nothing');
    time.now = 0;
    auto.setVisible(true);
    await time.advance(59_000);
    assert.deepEqual(rounds, []);
    await time.advance(1_000);
    assert.deepEqual(rounds, ['auto']);
    await time.advance(60_000);
    assert.deepEqual(rounds, ['auto', 'auto']);
    auto.setFocused(false);
    assert.equal(time.armed, 0, 'unfocused: the timer is stopped, not merely skipped');
    await time.advance(600_000);
    assert.equal(rounds.length, 2);
  });

  void test('back in view after a round came due: one round at once, then the interval again', async () => {
    const time = new ManualTime();
    const { auto, rounds } = refresher(time);
    auto.setVisible(true);
    await time.advance(60_000);
    auto.setVisible(false);
    await time.advance(300_000);
    assert.equal(rounds.length, 1);
    auto.setVisible(true);
    await settle();
    assert.equal(rounds.length, 2, 'one round on coming back, not one per missed interval');
    auto.setVisible(false);
    auto.setVisible(true);
    await settle();
    assert.equal(rounds.length, 2, 'a glance within the interval does not re-read');
  });

  void test('a slow round is never doubled; the user\'s refresh waits for it and then runs once, however many clicks', async () => {
    const time = new ManualTime();
    const { auto, rounds, state } = refresher(time);
    auto.setVisible(true);
    state.hold = true;
    await time.advance(60_000);
    assert.deepEqual(rounds, ['auto']);
    await time.advance(600_000);
    assert.deepEqual(rounds, ['auto'], 'still running: no second automatic round');
    const clicks = [auto.refreshNow(), auto.refreshNow(), auto.refreshNow()];
    assert.deepEqual(rounds, ['auto'], 'the user\'s round waits for the running one');
    state.release();
    await Promise.all(clicks);
    assert.deepEqual(rounds, ['auto', 'user']);
  });

  void test('0 turns it off; turning it on again starts the interval', async () => {
    const time = new ManualTime();
    let interval = 0;
    const rounds: RefreshReason[] = [];
    const auto = new AutoRefresher((reason) => { rounds.push(reason); return Promise.resolve(); }, () => interval, time, () => time.now);
    auto.setVisible(true);
    await time.advance(3_600_000);
    assert.deepEqual(rounds, []);
    interval = 30_000;
    auto.intervalChanged();
    await time.advance(30_000);
    assert.deepEqual(rounds, ['auto'], 'a round was already due: it ran');
    auto.dispose();
    await time.advance(300_000);
    assert.equal(rounds.length, 1, 'nothing after dispose');
  });
});

void describe('what a refresh re-reads', () => {
  interface Node { id: string; parent?: Node; state: string }
  const subA: Node = { id: 'a', state: 'Enabled' };
  const subB: Node = { id: 'b', state: 'Enabled' };
  const legacy: Node = { id: 'legacy', state: 'Disabled' };
  const sets = new Map<Node, Node[]>([
    [subA, [{ id: 'a1', parent: subA, state: '' }, { id: 'a2', parent: subA, state: '' }]],
    [subB, [{ id: 'b1', parent: subB, state: '' }]],
  ]);

  void test('open subscriptions re-list their scale sets and every scale set on screen re-lists its instances (for its count); closed ones nothing', () => {
    const expanded = new Set(['a', 'b1', 'legacy']);
    const open = (n: Node): boolean => isOpen(n, (x) => expanded.has(x.id), (x) => x.parent);
    const plan = azureVisibleReads([subA, subB, legacy], (s) => sets.get(s), open, (s) => s.state !== 'Disabled');
    assert.deepEqual(plan.scaleSetLists.map((s) => s.id), ['a']);
    assert.deepEqual(plan.instanceLists.map((s) => s.id), ['a1', 'a2'], 'b1 is expanded but its subscription is closed: off screen');
  });

  void test('isOpen needs every ancestor expanded', () => {
    const leaf: Node = { id: 'leaf', parent: { id: 'mid', parent: { id: 'root', state: '' }, state: '' }, state: '' };
    assert.equal(isOpen(leaf, (n) => n.id !== 'root', (n) => n.parent), false);
    assert.equal(isOpen(leaf, () => true, (n) => n.parent), true);
  });
});

void describe('what a refresh fires', () => {
  void test('only nodes that look different from what VS Code has; never-shown nodes are not fired', () => {
    const fired: Array<string[] | undefined> = [];
    const changes = new TreeChanges<{ id: string }>((c) => fired.push(c?.map((n) => n.id)));
    const a = { id: 'a' };
    const b = { id: 'b' };
    changes.shownAs(a, { description: '#1 · Running' });
    assert.equal(changes.differs(a, { description: '#1 · Running' }), false);
    assert.equal(changes.differs(a, { description: '#1 · Deallocated' }), true);
    assert.equal(changes.differs(b, { description: 'anything' }), false);
    changes.fire([a]);
    assert.deepEqual(fired, [['a']]);
    changes.fire([]);
    assert.deepEqual(fired, [['a']], 'an empty change is not sent');
  });

  void test('while a getChildren runs, fires wait and go out together after it (VS Code would register the same ids twice)', async () => {
    const fired: Array<string[] | undefined> = [];
    const changes = new TreeChanges<{ id: string }>((c) => fired.push(c?.map((n) => n.id)));
    let finish: (v: string[]) => void = () => undefined;
    const fetching = changes.whileFetching(new Promise<string[]>((resolve) => { finish = resolve; }));
    changes.fire([{ id: 'x' }]);
    changes.fire([{ id: 'y' }]);
    assert.deepEqual(fired, []);
    finish(['child']);
    assert.deepEqual(await fetching, ['child']);
    assert.deepEqual(fired, [['x', 'y']]);
  });

  void test('a fired node VS Code never asked getTreeItem for is fired again, a few times at most', async () => {
    const fired: Array<string[] | undefined> = [];
    const changes = new TreeChanges<{ id: string }>((c) => fired.push(c?.map((n) => n.id)), 5);
    const taken = { id: 'taken' };
    const dropped = { id: 'dropped' };
    changes.fire([taken, dropped]);
    changes.shownAs(taken, { description: 'Running' });
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.deepEqual(fired[0], ['taken', 'dropped']);
    assert.deepEqual(fired[1], ['dropped'], 'only the change VS Code did not take up is sent again');
    await new Promise((resolve) => setTimeout(resolve, 60));
    assert.equal(fired.filter((f) => f?.includes('dropped')).length, 4, 'the first fire and three more, then it stops');
    assert.equal(fired.filter((f) => f?.includes('taken')).length, 1);
    changes.dispose();
  });

  void test('a node whose children changed counts as taken up only when VS Code asks for its children', async () => {
    const fired: Array<string[] | undefined> = [];
    const changes = new TreeChanges<{ id: string }>((c) => fired.push(c?.map((n) => n.id)), 5);
    const subscription = { id: 'sub' };
    changes.fire([subscription], true);
    changes.shownAs(subscription, { description: 'same look' });
    await new Promise((resolve) => setTimeout(resolve, 12));
    assert.ok(fired.length >= 2, 'its row was redrawn but its children not re-read: fired again');
    await changes.whileFetching(Promise.resolve([]), subscription);
    const after = fired.length;
    await new Promise((resolve) => setTimeout(resolve, 30));
    assert.equal(fired.length, after, 'once its children were read, nothing more is fired');
    changes.dispose();
  });

  void test('a root change replaces element changes', () => {
    const fired: Array<string[] | undefined> = [];
    const changes = new TreeChanges<{ id: string }>((c) => fired.push(c?.map((n) => n.id)));
    void changes.whileFetching(new Promise(() => undefined));
    changes.fire([{ id: 'x' }]);
    changes.fireRoot();
    assert.deepEqual(fired, []);
  });
});

void describe('what survives a reload', () => {
  void test('expanded ids are stored and read back; collapsing removes them', () => {
    const store = new MemoryStore();
    const first = new ExpansionState(store, 'k');
    first.set('/subscriptions/s', true);
    first.set('/subscriptions/s/rg/vmss-web', true);
    first.set('/subscriptions/s/rg/vmss-web', false);
    const reloaded = new ExpansionState(store, 'k');
    assert.equal(reloaded.isExpanded('/subscriptions/s'), true);
    assert.equal(reloaded.isExpanded('/subscriptions/s/rg/vmss-web'), false);
  });

  void test('the power-state filter: none or all chosen is no filter; unknown saved values are dropped', async () => {
    const store = new MemoryStore();
    const filter = new StateFilter(store, 'f', ['running', 'stopped', 'deallocated'] as const);
    assert.equal(filter.active, false);
    await filter.set(['stopped', 'running']);
    assert.deepEqual(filter.states, ['running', 'stopped'], 'in the order the view lists states');
    assert.equal(filter.matches('deallocated'), false);
    store.values.set('f', ['running', 'exploded']);
    assert.deepEqual(new StateFilter(store, 'f', ['running', 'stopped'] as const).states, ['running']);
    await filter.set(['running', 'stopped', 'deallocated']);
    assert.equal(filter.active, false);
    assert.equal(viewDescription('Azure CLI', ['Running', 'Stopped']), 'Azure CLI · Showing only: Running, Stopped');
    assert.equal(viewDescription(undefined, undefined), undefined);
  });
});

void describe('a failed listing\'s row', () => {
  const error = (over: Partial<CloudErrorInfo>): CloudErrorInfo => ({ cloud: 'volcengine', code: 'X', message: 'm', category: 'unknown', ...over });

  void test('leads with the cause and the fix; the detail is in the tooltip', () => {
    const skewed = listingFailureText('the instances in Beijing', error({ code: 'InvalidTimestamp', category: 'authentication', clockSkewSeconds: 1200, requestId: 'r-1' }));
    assert.equal(skewed.headline, 'Clock is 20 min off — InvalidTimestamp: set this computer\'s clock, then retry');
    assert.match(skewed.detail, /Could not list the instances in Beijing\.\nInvalidTimestamp: m\nRequest id: r-1/);
    assert.equal(listingFailureText('x', error({ code: 'InvalidTimestamp', category: 'authentication' })).headline,
      'This computer\'s clock is off — InvalidTimestamp: set this computer\'s clock, then retry');
    assert.equal(listingFailureText('x', error({ code: 'InvalidAccessKey', category: 'authentication' })).headline, 'Access keys rejected — InvalidAccessKey: set the access keys again');
    assert.equal(listingFailureText('x', error({ cloud: 'azure', code: 'ExpiredAuthenticationToken', category: 'authentication' })).headline,
      'Sign-in missing or expired — ExpiredAuthenticationToken: sign in to Azure again');
    assert.equal(listingFailureText('x', error({ code: 'FlowLimitExceeded', category: 'throttled' })).hint, 'wait a moment, then retry');
  });
});
