/**
 * What an error node says when a listing failed: the cause and the fix first, where the
 * sidebar has room ("Clock is 20 min off — InvalidTimestamp: set this computer's clock"), the
 * full detail in its tooltip. The output line carries the same hint. No 'vscode' import.
 */
import type { CloudErrorInfo } from '../../fleet/model';
import { l10n } from '../l10n';

export interface ListingFailureText {
  /** The row's label: cause — code: fix. */
  headline: string;
  /** The fix alone, for the output line. */
  hint: string;
  /** The row's tooltip: what failed, the cloud's words, request ids, the fix. */
  detail: string;
}

function shortMessage(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > 120 ? `${oneLine.slice(0, 120)}…` : oneLine;
}

function causeAndFix(error: CloudErrorInfo): { cause: string; fix: string } {
  if (error.code === 'InvalidTimestamp') {
    const minutes = error.clockSkewSeconds !== undefined ? Math.round(Math.abs(error.clockSkewSeconds) / 60) : undefined;
    return {
      cause: minutes !== undefined && minutes > 0 ? l10n.t('Clock is {0} min off', minutes) : l10n.t('This computer\'s clock is off'),
      fix: l10n.t('set this computer\'s clock, then retry'),
    };
  }
  const volcengine = error.cloud === 'volcengine';
  switch (error.category) {
    case 'authentication': return volcengine
      ? { cause: l10n.t('Access keys rejected'), fix: l10n.t('set the access keys again') }
      : { cause: l10n.t('Sign-in missing or expired'), fix: l10n.t('sign in to Azure again') };
    case 'permission': return { cause: l10n.t('No permission to list'), fix: l10n.t('ask for read access to these resources') };
    case 'throttled': return { cause: l10n.t('Throttled by the cloud'), fix: l10n.t('wait a moment, then retry') };
    case 'network': return { cause: l10n.t('Cannot reach the cloud'), fix: l10n.t('check the network and the endpoint setting') };
    case 'notFound': return { cause: l10n.t('Not found'), fix: l10n.t('it may have been deleted; refresh the view') };
    case 'malformedResponse': return { cause: l10n.t('Unreadable answer'), fix: l10n.t('check the endpoint setting') };
    case 'server': return { cause: l10n.t('The cloud had an internal error'), fix: l10n.t('retry in a few minutes') };
    case 'invalidInput': return { cause: l10n.t('Request rejected'), fix: l10n.t('check the settings of this cloud') };
    default: return { cause: shortMessage(error.message), fix: l10n.t('see the output for details, then retry') };
  }
}

/** `what`: what could not be listed ("instances of vmss-web", "regions"). */
export function listingFailureText(what: string, error: CloudErrorInfo): ListingFailureText {
  const { cause, fix } = causeAndFix(error);
  const ids = [
    ...(error.requestId ? [l10n.t('Request id: {0}', error.requestId)] : []),
    ...(error.correlationId ? [l10n.t('Correlation id: {0}', error.correlationId)] : []),
  ];
  return {
    headline: l10n.t('{0} — {1}: {2}', cause, error.code, fix),
    hint: fix,
    detail: [
      l10n.t('Could not list {0}.', what),
      l10n.t('{0}: {1}', error.code, error.message),
      ...ids,
      l10n.t('What to do: {0}.', fix),
      l10n.t('Click to retry.'),
    ].join('\n'),
  };
}

/** A failure before any request (not signed in, a bad setting): its message is already the cause and the fix. */
export function localListingFailureText(what: string, message: string): ListingFailureText {
  return {
    headline: message,
    hint: message,
    detail: [l10n.t('Could not list {0}.', what), message, l10n.t('Click to retry.')].join('\n'),
  };
}
