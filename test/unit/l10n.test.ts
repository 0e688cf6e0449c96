/**
 * Every l10n.t literal in src/ is in the English bundle and translated in zh-cn, with the same
 * placeholders; no call passes a template literal, a variable or a concatenation.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { extractCalls, extractMessages } from '../../scripts/extract-l10n.mjs';

const root = join(import.meta.dirname, '..', '..');
const bundle = JSON.parse(readFileSync(join(root, 'l10n', 'bundle.l10n.json'), 'utf8')) as Record<string, string>;
const zh = JSON.parse(readFileSync(join(root, 'l10n', 'bundle.l10n.zh-cn.json'), 'utf8')) as Record<string, string>;
const extracted = extractMessages(join(root, 'src'));
const calls = extractCalls;

const placeholders = (text: string): string[] => (text.match(/\{\d+\}/g) ?? []).sort();

void describe('l10n bundles', () => {
  void test('the extractor finds messages and flags non-literal arguments', () => {
    assert.deepEqual(calls("l10n.t('Deallocating {0}…', name)").map((c) => c.message), ['Deallocating {0}…']);
    assert.equal(calls('l10n.t(`Deallocating ${name}`)')[0]?.problem, 'template literal');
    assert.equal(calls('l10n.t(message)')[0]?.problem, 'not a string literal');
    assert.equal(calls("l10n.t('a' + b)")[0]?.problem, 'concatenated string');
    assert.deepEqual(calls("l10n.t('It\\'s {0}', x)").map((c) => c.message), ["It's {0}"]);
    assert.ok(Object.keys(extracted.messages).length > 200);
  });

  void test('no l10n.t call in src/ uses a template literal, a variable or a concatenation', () => {
    assert.deepEqual(extracted.problems, []);
  });

  void test('l10n/bundle.l10n.json is exactly what src/ uses (regenerate with node scripts/extract-l10n.mjs)', () => {
    assert.deepEqual(Object.keys(bundle).sort(), Object.keys(extracted.messages).sort());
  });

  void test('every message is translated in bundle.l10n.zh-cn.json, keeping its placeholders', () => {
    for (const message of Object.keys(extracted.messages)) {
      const translated = zh[message];
      assert.ok(translated !== undefined && translated.trim() !== '', `missing zh-cn: ${message}`);
      assert.deepEqual(placeholders(translated), placeholders(message), `placeholders of: ${message}`);
    }
    for (const key of Object.keys(zh)) assert.ok(key in bundle, `stray zh-cn key: ${key}`);
  });

  void test('cloud terms follow the Chinese consoles', () => {
    assert.equal(zh['Deallocate'], '解除分配');
    assert.equal(zh['Hibernated'], '已休眠');
    assert.equal(zh['Economical stop (StopCharging)'], '节省停机（StopCharging）');
    assert.equal(zh['Normal stop (KeepCharging)'], '普通停机（KeepCharging）');
    assert.equal(zh['Force stop'], '强制关机');
    assert.equal(zh['Check only (DryRun)'], '仅预检（DryRun）');
  });
});
