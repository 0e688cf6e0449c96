/**
 * The reliability table's figures can fail: an unmeasured cell prints "—" (never 0), a
 * negative per-scenario duplicate count cannot cancel a real duplicate elsewhere, and a cell
 * measured by only some scenarios says so.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
// @ts-expect-error -- a plain ES module without types (the report script imports it too)
import { reliabilityTable } from '../faults/support/table.mjs';

interface Row { fault: string; cloud: string; survived: boolean; requests: number | null; duplicates: number | null; secretsLeaked: number | null }
const table = reliabilityTable as (records: Row[]) => { table: string; rows: string[][]; total: { duplicates: number; leaked: number } };

const row = (over: Partial<Row>): Row => ({ fault: 'f', cloud: 'azure', survived: true, requests: 1, duplicates: 0, secretsLeaked: 0, ...over });

void test('a figure no scenario measured prints "—", not 0', () => {
  const { rows } = table([row({ fault: 'static', duplicates: null, secretsLeaked: null, requests: 0 })]);
  assert.deepEqual(rows[0]?.slice(4), ['0', '—', '—']);
  assert.deepEqual(rows.at(-1)?.slice(4), ['0', '—', '—'], 'the total too');
});

void test('duplicates are clamped at 0 per scenario before summing', () => {
  const { rows, total } = table([row({ duplicates: -1 }), row({ duplicates: 1 })]);
  assert.equal(rows[0]?.[5], '1', 'the shortfall of one scenario does not cancel the duplicate of another');
  assert.equal(total.duplicates, 1);
});

void test('a cell measured by some scenarios of its row says how many', () => {
  const { rows, total } = table([row({ secretsLeaked: 2 }), row({ secretsLeaked: null }), row({ fault: 'g', secretsLeaked: 0 })]);
  assert.equal(rows[0]?.[6], '2 (1 of 2)');
  assert.equal(rows[1]?.[6], '0');
  assert.equal(rows.at(-1)?.[6], '2 (2 of 3)');
  assert.equal(total.leaked, 2);
});
