/** The queue-answered Prompter the flow tests rely on: it must fail loudly when a flow asks something unexpected. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { QueuePrompter } from '../../src/ui/prompts/queuePrompter';

const items = [{ label: 'Graceful shutdown', value: false }, { label: 'Skip shutdown', value: true }];

void describe('QueuePrompter', () => {
  void test('answers in order and records what was asked', async () => {
    const prompter = new QueuePrompter([{ pick: /^Skip/ }, { pickMany: ['Graceful shutdown', 'Skip shutdown'] }, { confirm: true }, { input: 'AKLTexample' }]);
    assert.equal(await prompter.pickOne({ title: 't', placeholder: 'p', items }), true);
    assert.deepEqual(await prompter.pickMany({ title: 't', placeholder: 'p', items }), [false, true]);
    assert.equal(await prompter.confirm({ message: 'm', detail: 'd', confirmLabel: 'Go' }), true);
    assert.equal(await prompter.input({ title: 'Key', prompt: 'Access Key ID', password: true }), 'AKLTexample');
    assert.deepEqual(prompter.asked.map((a) => a.kind), ['pickOne', 'pickMany', 'confirm', 'input']);
    assert.equal(prompter.remaining, 0);
  });

  void test('a dismissed prompt is undefined (or false for a confirmation)', async () => {
    const prompter = new QueuePrompter([{ dismiss: true }, { dismiss: true }, { dismiss: true }]);
    assert.equal(await prompter.pickOne({ title: 't', placeholder: 'p', items }), undefined);
    assert.equal(await prompter.confirm({ message: 'm', detail: 'd', confirmLabel: 'Go' }), false);
    assert.equal(await prompter.input({ title: 't', prompt: 'p' }), undefined);
  });

  void test('an unexpected prompt, an answer of the wrong kind or an unknown item throws', async () => {
    await assert.rejects(async () => new QueuePrompter([]).confirm({ message: 'm', detail: 'd', confirmLabel: 'Go' }), /no answer left/);
    await assert.rejects(async () => new QueuePrompter([{ confirm: true }]).pickOne({ title: 't', placeholder: 'p', items }), /expected a pick/);
    await assert.rejects(async () => new QueuePrompter([{ pick: 'Hibernate' }]).pickOne({ title: 't', placeholder: 'p', items }), /no item matches/);
  });

  void test('input answers go through the prompt\'s validation', async () => {
    const validate = (v: string): string | undefined => (/\s/.test(v) ? 'no spaces' : undefined);
    await assert.rejects(async () => new QueuePrompter([{ input: 'AK LT' }]).input({ title: 't', prompt: 'p', validate }), /no spaces/);
  });
});
