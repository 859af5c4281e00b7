import { useState } from 'react';
import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { REVIEW_REASONS, type ReviewGroupDto, type ReviewResolutionDto } from '@bay/shared';
import PageShell from '../../../components/page-shell';
import Notice from '../../../components/notice';
import ActionButton from '../../../components/action-button';
import { usePrefs } from '../../../hooks/use-prefs';
import { useListLoader } from '../../../hooks/use-list-loader';
import { reviewApi } from '../../../services/api';
import { formatTime } from '../../../utils/format';
import AttachPanel from './attach-panel';
import EntryForm from './entry-form';
import '../console.scss';
import './index.scss';

type Panel = { id: string; kind: 'attach' | 'new' } | null;

/**
 * Unanswered questions (packages/admin/review): open groups of similar questions the enquiry engine
 * asked back on, could not answer or residents rated 👎, most reports first. An admin adds a group
 * to an entry as a new way of asking, starts a new entry from it, or dismisses it.
 */
export default function Review() {
  const { t } = usePrefs();
  const [nextCursor, setNextCursor] = useState<string | null>(null);
  const { items, setItems, error, setError } = useListLoader<ReviewGroupDto>(async () => {
    const page = await reviewApi.list();
    setNextCursor(page.nextCursor);
    return page.items;
  });
  const [panel, setPanel] = useState<Panel>(null);
  const [busy, setBusy] = useState<string | null>(null);

  const toggle = (id: string, kind: 'attach' | 'new') => setPanel((p) => (p?.id === id && p.kind === kind ? null : { id, kind }));
  const remove = (id: string) => setItems((list) => list?.filter((g) => g.id !== id) ?? null);

  const resolved = (toast: string) => (result: ReviewResolutionDto) => {
    remove(result.group.id);
    setPanel(null);
    void Taro.showToast({ title: toast, icon: 'success' });
  };

  const dismiss = async (g: ReviewGroupDto) => {
    const { confirm } = await Taro.showModal({ title: t('review.dismiss'), content: t('review.dismissConfirm') });
    if (!confirm) return;
    setBusy(g.id);
    setError('');
    try {
      await reviewApi.dismiss(g.id);
      remove(g.id);
      void Taro.showToast({ title: t('review.dismissed'), icon: 'success' });
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(null);
    }
  };

  const more = async () => {
    setBusy('more');
    try {
      const page = await reviewApi.list({ cursor: nextCursor });
      setNextCursor(page.nextCursor);
      setItems((list) => [...(list ?? []), ...page.items.filter((g) => !list?.some((x) => x.id === g.id))]);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(null);
    }
  };

  return (
    <PageShell titleKey='review.title' className='review'>
      {error ? <Notice kind='error' text={error} id='review-error' /> : null}
      {items && !items.length ? <Notice text={t('review.empty')} /> : null}
      {items?.map((g) => (
        <View key={g.id} id={`review-group-${g.id}`} className='card console-item'>
          <View className='console-item__head'>
            <Text className='app-item__title'>{g.question}</Text>
            <Text className='tag' id={`review-total-${g.id}`}>{t('review.total', { count: g.total })}</Text>
          </View>
          <View className='review__counts'>
            {REVIEW_REASONS.filter((r) => g.counts[r] > 0).map((r) => (
              <Text key={r} className='review__count'>{`${t(`review.reason.${r}`)} ${g.counts[r]}`}</Text>
            ))}
          </View>
          <Text className='muted'>{`${t('review.seen', { first: formatTime(g.firstSeen), last: formatTime(g.lastSeen) })} · ${g.langs.join(', ')}`}</Text>
          {g.samples.length > 1 ? (
            <View>
              <Text className='field__label'>{t('review.samples')}</Text>
              {g.samples.map((s, i) => (
                <Text key={i} className='transcript__turn'>{s}</Text>
              ))}
            </View>
          ) : null}
          {g.entryIds.length ? <Text className='muted'>{`${t('review.entries')}: ${g.entryIds.join(', ')}`}</Text> : null}
          <View className='console-actions'>
            <ActionButton id={`review-attach-open-${g.id}`} small kind='ghost' onClick={() => toggle(g.id, 'attach')}>
              {t('review.attach')}
            </ActionButton>
            <ActionButton id={`review-new-open-${g.id}`} small kind='ghost' onClick={() => toggle(g.id, 'new')}>
              {t('review.newEntry')}
            </ActionButton>
            <ActionButton id={`review-dismiss-${g.id}`} small kind='danger' busy={busy === g.id} onClick={() => void dismiss(g)}>
              {t('review.dismiss')}
            </ActionButton>
          </View>
          {panel?.id === g.id && panel.kind === 'attach' ? <AttachPanel group={g} onDone={resolved(t('review.attached'))} /> : null}
          {panel?.id === g.id && panel.kind === 'new' ? <EntryForm group={g} onDone={resolved(t('review.created'))} /> : null}
        </View>
      ))}
      {nextCursor ? (
        <ActionButton id='review-more' kind='ghost' busy={busy === 'more'} onClick={() => void more()}>
          {t('review.more')}
        </ActionButton>
      ) : null}
    </PageShell>
  );
}
