/**
 * Per-scenario records of the reliability suite. Every scenario writes what it observed
 * (survived or not, requests the emulator saw, duplicate effects, leaked secrets) to
 * test-results/reliability/*.jsonl; test/faults/report.mjs turns them into the table.
 *
 * The Duplicates and Secrets-leaked figures are never reported by a scenario body: the
 * wrapper measures them through the file's probe (see useProbe) before and after the body,
 * so no scenario can forget them or hand in a figure that cannot fail. A figure that was not
 * measured is written as null and printed as "—", never as 0.
 */
import { appendFileSync, mkdirSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { test } from 'node:test';
import { countLeaks } from './leaks';

/** One folder per run of test/faults/report.mjs (FLEET_RELIABILITY_RUN), so parallel runs never mix. */
export const RESULTS_DIR = resolve(__dirname, '..', '..', '..', 'test-results', 'reliability', process.env.FLEET_RELIABILITY_RUN ?? 'adhoc');

export interface ScenarioRecord {
  /** The fault family (row of the table). */
  fault: string;
  cloud: 'azure' | 'volcengine' | 'both' | 'none';
  scenario: string;
  survived: boolean;
  /** Requests the emulator (or the process) saw for this scenario; null when the body failed before saying. */
  requests: number | null;
  /** Actions carried out beyond those intended, per target, clamped at 0; null when nothing was acted on. */
  duplicates: number | null;
  /** Canary secrets found in anything a user or a file could see; null when no secret was in play. */
  secretsLeaked: number | null;
  error?: string;
}

export interface Observed {
  requests: number;
  /** What the scenario showed besides what the probe already sees (errors of list calls, messages). */
  shown?: readonly unknown[];
}

/**
 * How a test file measures the figures its bodies cannot hand in themselves. One per file
 * (each test file runs in its own process).
 */
export interface ScenarioProbe {
  /** Called right before each body: marks where the scenario's effects and texts begin. */
  begin(): void;
  /**
   * Actions carried out since begin() beyond those the scenario's operations intended,
   * summed per target with each target's excess clamped at 0; undefined when the scenario
   * neither started an operation nor caused an action.
   */
  duplicates(): number | undefined;
  /** Every text since begin() that a user or a file could see: output lines, messages, records, journals. */
  texts(): string[];
  /** The secrets in play (empty: none, and the figure is "—"). */
  canaries(): Promise<string[]>;
}

let probe: ScenarioProbe | undefined;

/** Sets the probe for every scenario of this file. A file with scenarios and no probe fails them. */
export function useProbe(p: ScenarioProbe): void {
  probe = p;
}

function write(record: ScenarioRecord): void {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const file = join(RESULTS_DIR, `${basename(process.argv[1] ?? 'suite').replace(/\.test\.ts$/, '')}-${process.pid}.jsonl`);
  appendFileSync(file, `${JSON.stringify(record)}\n`);
}

function textsOf(values: readonly unknown[]): string[] {
  return values.map((v) => {
    if (typeof v === 'string') return v;
    if (v instanceof Error) return `${String(v)}\n${v.stack ?? ''}\n${JSON.stringify(v, Object.getOwnPropertyNames(v))}`;
    return JSON.stringify(v) ?? String(v);
  });
}

/**
 * A test that is also a table row: `body` runs the scenario, asserts, and returns what it
 * observed. A failing assertion is recorded as "not survived" and still fails the test; the
 * duplicates and the canary are measured either way.
 */
export function scenario(fault: string, cloud: ScenarioRecord['cloud'], name: string, body: () => Promise<Observed> | Observed): void {
  void test(`${fault} [${cloud}]: ${name}`, async () => {
    const measuring = probe;
    if (!measuring) throw new Error('This file has no ScenarioProbe (useProbe): its figures could not be measured.');
    measuring.begin();
    let observed: Observed | undefined;
    let failure: Error | undefined;
    try {
      observed = await body();
    } catch (err) {
      failure = err instanceof Error ? err : new Error(String(err));
    }
    const duplicates = measuring.duplicates();
    const canaries = await measuring.canaries();
    const shown = [...measuring.texts(), ...textsOf(observed?.shown ?? []), ...(failure === undefined ? [] : textsOf([failure]))];
    const secretsLeaked = canaries.length > 0 ? countLeaks(shown, canaries) : null;
    write({
      fault, cloud, scenario: name, survived: failure === undefined,
      requests: observed?.requests ?? null,
      duplicates: duplicates ?? null,
      secretsLeaked,
      ...(failure === undefined ? {} : { error: failure.message.slice(0, 300) }),
    });
    if (failure !== undefined) throw failure;
    // The figures fail the test, not only the table.
    if (duplicates !== undefined && duplicates > 0) throw new Error(`${duplicates} action(s) carried out beyond those intended`);
    if (secretsLeaked !== null && secretsLeaked > 0) throw new Error(`${secretsLeaked} canary secret(s) found in what a user or a file could see`);
  });
}
