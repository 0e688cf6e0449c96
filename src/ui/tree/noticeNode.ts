/** A line in a tree that is not a resource: "Loading…", why a subscription shows nothing, an empty filter. No 'vscode' import. */
export type NoticeKind = 'loading' | 'info' | 'filtered' | 'waiting';

export class NoticeNode {
  readonly kind = 'notice';
  constructor(readonly id: string, readonly message: string, readonly notice: NoticeKind, readonly tooltip?: string) {}
}
