/** The lines the Azure view shows instead of resources: loading, empty, filtered out, a subscription nothing can be listed in. No 'vscode' import. */
import { l10n } from '../l10n';
import type { ScaleSetNode, SubscriptionNode } from './azureNodes';
import { NoticeNode } from './noticeNode';

export function loadingNotice(node: { id: string }): NoticeNode {
  return new NoticeNode(`${node.id}#loading`, l10n.t('Loading…'), 'loading');
}

/** A listed scale set whose rows are all hidden: it has none, or the power-state filter hides them all. */
export function noInstancesNotice(node: ScaleSetNode, filterLabels: readonly string[] | undefined): NoticeNode {
  return node.instances?.length === 0
    ? new NoticeNode(`${node.id}#empty`, l10n.t('No instances in this scale set.'), 'info')
    : new NoticeNode(`${node.id}#filtered`, l10n.t('No instance is {0} (filter by power state).', (filterLabels ?? []).join(', ')), 'filtered');
}

export function noScaleSetsNotice(node: SubscriptionNode): NoticeNode {
  return new NoticeNode(`${node.id}#empty`, l10n.t('No scale sets in this subscription.'), 'info');
}

/** Disabled or deleted: one line saying why it shows nothing. */
export function notUsableNotice(node: SubscriptionNode): NoticeNode {
  const text = node.data.state === 'Deleted'
    ? l10n.t('This subscription is deleted: nothing in it can be listed or changed.')
    : l10n.t('This subscription is disabled: nothing in it can be listed or changed.');
  return new NoticeNode(`${node.id}#notUsable`, text, 'info', l10n.t('Azure lists no resources of a {0} subscription and refuses every change (ReadOnlyDisabledSubscription). Enable it in the Azure portal, then refresh.', node.data.state));
}
