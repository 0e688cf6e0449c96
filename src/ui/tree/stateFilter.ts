/**
 * "Filter by power state": which instance states a view shows, kept in the workspace's state.
 * Only instance rows are filtered; scale sets and regions stay, with their counts over every
 * instance, so the filter never hides that a container exists. No 'vscode' import.
 */
import { l10n } from '../l10n';
import type { StateStore } from './expansion';

export class StateFilter<S extends string> {
  private shown: ReadonlySet<S> | undefined;

  constructor(private readonly store: StateStore, private readonly key: string, private readonly all: readonly S[]) {
    const saved = store.get<unknown>(key);
    const states = Array.isArray(saved) ? saved.filter((v): v is S => typeof v === 'string' && (all as readonly string[]).includes(v)) : [];
    this.shown = states.length > 0 ? new Set(states) : undefined;
  }

  /** The states shown, in the order the view lists states; undefined when every state is shown. */
  get states(): S[] | undefined {
    const shown = this.shown;
    return shown ? this.all.filter((s) => shown.has(s)) : undefined;
  }

  get active(): boolean {
    return this.shown !== undefined;
  }

  matches(state: S): boolean {
    return this.shown === undefined || this.shown.has(state);
  }

  /** None or every state chosen means no filter. */
  async set(states: readonly S[] | undefined): Promise<void> {
    const chosen = (states ?? []).filter((s) => this.all.includes(s));
    this.shown = chosen.length === 0 || chosen.length === this.all.length ? undefined : new Set(chosen);
    await this.store.update(this.key, this.states);
  }
}

/** The view's title-bar description: where the identity comes from and, when filtering, what is shown. */
export function viewDescription(identity: string | undefined, filterLabels: readonly string[] | undefined): string | undefined {
  const filter = filterLabels && filterLabels.length > 0 ? l10n.t('Showing only: {0}', filterLabels.join(', ')) : undefined;
  if (identity && filter) return l10n.t('{0} · {1}', identity, filter);
  return filter ?? identity;
}
