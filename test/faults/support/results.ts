/**
 * Per-scenario records of the reliability suite. Every scenario writes what it observed
 * (survived or not, requests the emulator saw, duplicate effects, leaked secrets) to
 * test-results/reliability/*.jsonl; test/faults/report.mjs turns them into the table.
 */
import { appendFileSync, mkdirSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { test } from 'node:test';

/** One folder per run of test/faults/report.mjs (FLEET_RELIABILITY_RUN), so parallel runs never mix. */
export const RESULTS_DIR = resolve(__dirname, '..', '..', '..', 'test-results', 'reliability', process.env.FLEET_RELIABILITY_RUN ?? 'adhoc');

export interface ScenarioRecord {
  /** The fault family (row of the table). */
  fault: string;
  cloud: 'azure' | 'volcengine' | 'both' | 'none';
  scenario: string;
  survived: boolean;
  /** Requests the emulator recorded for this scenario. */
  requests: number;
  /** Effects applied more than once (must be 0). */
  duplicates: number;
  /** Secret strings found in any output line, message, journal or setting (must be 0). */
  secretsLeaked: number;
  error?: string;
}

export interface Observed {
  requests: number;
  duplicates?: number;
  secretsLeaked?: number;
}

function write(record: ScenarioRecord): void {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const file = join(RESULTS_DIR, `${basename(process.argv[1] ?? 'suite').replace(/\.test\.ts$/, '')}-${process.pid}.jsonl`);
  appendFileSync(file, `${JSON.stringify(record)}\n`);
}

/**
 * A test that is also a table row: `body` runs the scenario, asserts, and returns what it
 * observed. A failing assertion is recorded as "not survived" and still fails the test.
 */
export function scenario(fault: string, cloud: ScenarioRecord['cloud'], name: string, body: () => Promise<Observed> | Observed): void {
  void test(`${fault} [${cloud}]: ${name}`, async () => {
    let observed: Observed | undefined;
    try {
      observed = await body();
    } catch (err) {
      write({ fault, cloud, scenario: name, survived: false, requests: 0, duplicates: 0, secretsLeaked: 0, error: err instanceof Error ? err.message.slice(0, 300) : String(err) });
      throw err;
    }
    write({
      fault, cloud, scenario: name, survived: true,
      requests: observed.requests, duplicates: observed.duplicates ?? 0, secretsLeaked: observed.secretsLeaked ?? 0,
    });
  });
}
