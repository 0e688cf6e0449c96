/**
 * The engine's deadline: a driver still waiting when it passes is stopped, the operation ends as
 * still running with what Check again needs, and Check again resumes it (never runs it again).
 * The deadline counts from the start, across reloads, and from each Check again.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  AZURE_CLOUD, InMemoryJournal, OperationEngine, canCheckAgain, cloudProvider,
  type DriverOutcome, type OperationContext, type OperationRecord, type OperationDriver, type OperationRecordOf,
} from '../../src/fleet/index';

/** Accepts, then waits for the test to release it (or for the engine to stop it). */
class SlowDriver implements OperationDriver<'azure.deallocate'> {
  readonly kind = 'azure.deallocate' as const;
  runs = 0;
  resumes = 0;
  finishNext = false;

  run(record: OperationRecordOf<'azure.deallocate'>, ctx: OperationContext): Promise<DriverOutcome> {
    this.runs++;
    ctx.setResume({ accepted: true });
    return this.wait(record, ctx);
  }

  resume(record: OperationRecordOf<'azure.deallocate'>, ctx: OperationContext): Promise<DriverOutcome> {
    this.resumes++;
    assert.deepEqual(record.resume, { accepted: true }, 'Check again starts from the journaled state');
    return this.wait(record, ctx);
  }

  private async wait(record: OperationRecordOf<'azure.deallocate'>, ctx: OperationContext): Promise<DriverOutcome> {
    if (this.finishNext) {
      for (const target of record.targets) ctx.setResult(target.id, { status: 'succeeded', finalState: 'deallocated' });
      return { end: 'done' };
    }
    await new Promise<void>((resolve) => ctx.signal.addEventListener('abort', () => resolve(), { once: true }));
    return { end: 'interrupted' };
  }
}

const request = { kind: 'azure.deallocate' as const, targets: [{ id: 'vm-1', label: 'vm-1', scope: 'ss' }, { id: 'vm-2', label: 'vm-2', scope: 'ss' }], options: { hibernate: false } };

function engineOf(driver: SlowDriver, deadlineMs: number, journal = new InMemoryJournal(), now: () => number = Date.now): OperationEngine {
  return new OperationEngine({ providers: [cloudProvider(AZURE_CLOUD, () => [driver])], journal, deadlineMs: () => deadlineMs, now });
}

void test('past the deadline the operation ends as still running, keeps its resume state, and Check again resumes it', async () => {
  const driver = new SlowDriver();
  const journal = new InMemoryJournal();
  const engine = engineOf(driver, 40, journal);
  const record = await engine.start(request).done;
  assert.equal(record.status, 'unknown');
  assert.equal(record.error?.code, 'StillRunning');
  assert.deepEqual(Object.values(record.results).map((r) => r.code), ['StillRunning', 'StillRunning']);
  assert.deepEqual(record.resume, { accepted: true });
  assert.ok(canCheckAgain(record));
  await engine.flush();
  const [journaled] = JSON.parse(journal.raw()) as OperationRecord[];
  assert.ok(journaled && canCheckAgain(journaled), 'the journal keeps it followable');

  driver.finishNext = true;
  const again = engine.checkAgain(record.id);
  assert.ok(again);
  assert.equal(engine.checkAgain(record.id), undefined, 'not twice at once');
  const done = await again.done;
  assert.equal(done.status, 'succeeded');
  assert.equal(driver.runs, 1, 'never run again');
  assert.equal(driver.resumes, 1);
  assert.equal(done.resume, undefined);
  assert.equal(done.error, undefined);
  assert.equal(engine.checkAgain(record.id), undefined, 'a finished operation is not checked again');
  assert.deepEqual(done.events.filter((e) => e.type === 'resumed').map((e) => e.type === 'resumed' && e.reason), ['checkAgain']);
  engine.dispose();
});

void test('a Check again that hits the deadline again ends still running again', async () => {
  const driver = new SlowDriver();
  const engine = engineOf(driver, 30);
  const record = await engine.start(request).done;
  const again = engine.checkAgain(record.id);
  assert.ok(again);
  const second = await again.done;
  assert.equal(second.error?.code, 'StillRunning');
  assert.ok(canCheckAgain(second));
  assert.ok((second.waitingSince ?? 0) > second.startedAt, 'the deadline restarted at the Check again');
  engine.dispose();
});

void test('after a reload the deadline still counts from the start: an old operation stops at once', async () => {
  const driver = new SlowDriver();
  const journal = new InMemoryJournal();
  let clock = Date.now();
  const first = engineOf(driver, 60_000, journal, () => clock);
  void first.start(request);
  await first.flush();
  first.dispose();
  clock += 61_000; // the window came back a minute later
  const reloaded = engineOf(driver, 60_000, journal, () => clock);
  const started = Date.now();
  await reloaded.resumeAll();
  const [record] = reloaded.list();
  assert.ok(Date.now() - started < 2000);
  assert.equal(record?.error?.code, 'StillRunning');
  assert.equal(driver.resumes, 1);
  reloaded.dispose();
});

void test('without the deadline passing nothing changes: an operation that finishes is not marked', async () => {
  const driver = new SlowDriver();
  driver.finishNext = true;
  const engine = engineOf(driver, 10_000);
  const record = await engine.start(request).done;
  assert.equal(record.status, 'succeeded');
  assert.ok(!canCheckAgain(record));
  assert.equal(engine.checkAgain(record.id), undefined);
  engine.dispose();
});
