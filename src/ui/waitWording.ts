/**
 * Throttled waits in words: on the node whose listing waits ("waiting 3 s: throttled") and as
 * the one output line each wait gets, with the cloud's code, the wait and whether the cloud
 * asked for it (Retry-After) or it is our own back-off. No 'vscode' import.
 */
import type { ThrottleWait } from '../fleet/waits';
import { l10n } from './l10n';

export function formatSeconds(seconds: number): string {
  return String(Math.round(seconds * 10) / 10);
}

/** Shown in the description of the node whose listing is waiting. */
export function waitOnNode(wait: ThrottleWait): string {
  return l10n.t('waiting {0} s: throttled', formatSeconds(wait.waitSeconds));
}

/** `what`: what is being listed ("the instances of vmss-web", "the regions"). */
export function listingWaitLine(cloud: string, what: string, wait: ThrottleWait): string {
  const code = wait.code ?? (wait.httpStatus !== undefined ? `HTTP ${wait.httpStatus}` : l10n.t('no code'));
  const ids = wait.requestId ? l10n.t(' [request id {0}]', wait.requestId) : '';
  return wait.askedByCloud
    ? l10n.t('{0}: listing {1} was throttled ({2}); waiting {3} s, as the cloud asked (Retry-After){4}', cloud, what, code, formatSeconds(wait.waitSeconds), ids)
    : l10n.t('{0}: listing {1} was throttled ({2}); waiting {3} s, our own back-off (the cloud named no wait){4}', cloud, what, code, formatSeconds(wait.waitSeconds), ids);
}
