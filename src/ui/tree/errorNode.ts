/** A node that failed to load, in either cloud's tree: says what happened, retries when clicked. No 'vscode' import. */
export class ErrorNode {
  readonly kind = 'error';
  constructor(readonly id: string, readonly message: string, readonly retry: () => void, readonly detail?: string) {}
}
