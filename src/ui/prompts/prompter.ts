/**
 * Every question the extension asks goes through this interface: the VS Code implementation
 * shows quick picks and dialogs, tests answer from a queue (QueuePrompter).
 * `undefined` (or `false` for confirm) means the user dismissed the prompt.
 */
export interface PickItem<T> {
  label: string;
  description?: string;
  detail?: string;
  /** Pre-selected in a multi-select pick; the default item in a single pick goes first. */
  picked?: boolean;
  /** Items with the same group follow one another under a separator with this name. */
  group?: string;
  value: T;
}

export interface PickOptions<T> {
  title: string;
  placeholder: string;
  items: ReadonlyArray<PickItem<T>>;
}

export interface ConfirmOptions {
  /** The question, naming the action, the count and the target. */
  message: string;
  /** Consequences (billing, data loss) and the list of targets. */
  detail: string;
  /** The button that goes ahead; the dialog always has a Cancel. */
  confirmLabel: string;
}

export interface InputOptions {
  title: string;
  prompt: string;
  placeholder?: string;
  password?: boolean;
  /** Returns an error message for an invalid value, undefined when valid. */
  validate?: (value: string) => string | undefined;
}

export interface Prompter {
  pickOne<T>(options: PickOptions<T>): Promise<T | undefined>;
  pickMany<T>(options: PickOptions<T>): Promise<T[] | undefined>;
  confirm(options: ConfirmOptions): Promise<boolean>;
  input(options: InputOptions): Promise<string | undefined>;
}
