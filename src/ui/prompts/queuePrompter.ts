/**
 * A Prompter that answers from a queue, for tests: each prompt takes the next answer and
 * is recorded, so a test can assert what the user was asked. A prompt with no answer
 * left, or an answer of the wrong kind, throws: a flow that asks more than expected fails.
 */
import type { ConfirmOptions, InputOptions, PickOptions, Prompter } from './prompter';

export type Matcher = string | RegExp;

export type Answer =
  | { pick: Matcher }
  | { pickMany: Matcher[] }
  | { confirm: boolean }
  | { input: string }
  | { dismiss: true };

export type AskedPrompt =
  | { kind: 'pickOne' | 'pickMany'; title: string; placeholder: string; items: Array<{ label: string; description?: string; detail?: string; picked?: boolean; group?: string }> }
  | { kind: 'confirm'; message: string; detail: string; confirmLabel: string }
  | { kind: 'input'; title: string; prompt: string; password: boolean };

function matches(matcher: Matcher, label: string): boolean {
  return typeof matcher === 'string' ? label === matcher : matcher.test(label);
}

export class QueuePrompter implements Prompter {
  readonly asked: AskedPrompt[] = [];
  private readonly answers: Answer[];

  constructor(answers: Answer[]) {
    this.answers = [...answers];
  }

  get remaining(): number {
    return this.answers.length;
  }

  private next(kind: string): Answer {
    const answer = this.answers.shift();
    if (!answer) throw new Error(`QueuePrompter: no answer left for a ${kind} prompt`);
    return answer;
  }

  pickOne<T>(options: PickOptions<T>): Promise<T | undefined> {
    this.asked.push({ kind: 'pickOne', title: options.title, placeholder: options.placeholder, items: options.items.map(({ label, description, detail, picked }) => ({ label, description, detail, picked })) });
    const answer = this.next('pickOne');
    if ('dismiss' in answer) return Promise.resolve(undefined);
    if (!('pick' in answer)) throw new Error('QueuePrompter: expected a pick answer for a single pick');
    const item = options.items.find((candidate) => matches(answer.pick, candidate.label));
    if (!item) throw new Error(`QueuePrompter: no item matches ${String(answer.pick)} (items: ${options.items.map((i) => i.label).join(', ')})`);
    return Promise.resolve(item.value);
  }

  pickMany<T>(options: PickOptions<T>): Promise<T[] | undefined> {
    this.asked.push({ kind: 'pickMany', title: options.title, placeholder: options.placeholder, items: options.items.map(({ label, description, detail, picked, group }) => ({ label, description, detail, picked, ...(group !== undefined ? { group } : {}) })) });
    const answer = this.next('pickMany');
    if ('dismiss' in answer) return Promise.resolve(undefined);
    if (!('pickMany' in answer)) throw new Error('QueuePrompter: expected a pickMany answer for a multi-select pick');
    const chosen = answer.pickMany.map((matcher) => {
      const item = options.items.find((candidate) => matches(matcher, candidate.label));
      if (!item) throw new Error(`QueuePrompter: no item matches ${String(matcher)} (items: ${options.items.map((i) => i.label).join(', ')})`);
      return item.value;
    });
    return Promise.resolve(chosen);
  }

  confirm(options: ConfirmOptions): Promise<boolean> {
    this.asked.push({ kind: 'confirm', message: options.message, detail: options.detail, confirmLabel: options.confirmLabel });
    const answer = this.next('confirm');
    if ('dismiss' in answer) return Promise.resolve(false);
    if (!('confirm' in answer)) throw new Error('QueuePrompter: expected a confirm answer');
    return Promise.resolve(answer.confirm);
  }

  input(options: InputOptions): Promise<string | undefined> {
    this.asked.push({ kind: 'input', title: options.title, prompt: options.prompt, password: options.password ?? false });
    const answer = this.next('input');
    if ('dismiss' in answer) return Promise.resolve(undefined);
    if (!('input' in answer)) throw new Error('QueuePrompter: expected an input answer');
    const problem = options.validate?.(answer.input);
    if (problem) throw new Error(`QueuePrompter: input rejected by validation: ${problem}`);
    return Promise.resolve(answer.input);
  }
}
