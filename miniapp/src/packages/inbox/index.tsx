import { useCallback, useEffect, useRef, useState } from 'react';
import Taro, { usePullDownRefresh, useReachBottom } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import type { InboxItemDto } from '@bay/shared';
import PageShell from '../../components/page-shell';
import Notice from '../../components/notice';
import ActionButton from '../../components/action-button';
import { usePrefs } from '../../hooks/use-prefs';
import { inboxApi } from '../../services/api';
import { formatTime } from '../../utils/format';
import { linkUrl } from '../../utils/routes';
import './index.scss';

export default function Inbox() {
  const { t } = usePrefs();
  const [items, setItems] = useState<InboxItemDto[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loaded, setLoaded] = useState(false);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState('');
  const generation = useRef(0);

  const load = useCallback(async (from: string | null) => {
    const gen = from ? generation.current : ++generation.current;
    setLoading(true);
    setError('');
    try {
      const page = await inboxApi.list(from);
      if (gen !== generation.current) return;
      setItems((prev) => (from ? [...prev, ...page.items] : page.items));
      setCursor(page.nextCursor);
      setLoaded(true);
    } catch (e) {
      if (gen === generation.current) setError((e as Error).message);
    } finally {
      if (gen === generation.current) setLoading(false);
    }
  }, []);

  useEffect(() => {
    void load(null);
  }, [load]);
  usePullDownRefresh(() => {
    void load(null).finally(() => Taro.stopPullDownRefresh());
  });
  const loadMore = () => {
    if (cursor && !loading) void load(cursor);
  };
  useReachBottom(loadMore);

  const markRead = (id: string, at: string) => setItems((list) => list.map((i) => (i.id === id && !i.readAt ? { ...i, readAt: at } : i)));

  const open = (item: InboxItemDto) => {
    if (!item.readAt) {
      markRead(item.id, new Date().toISOString());
      void inboxApi.read(item.id).catch(() => undefined);
    }
    if (item.link) void Taro.navigateTo({ url: linkUrl(item.link) });
  };

  const readAll = async () => {
    try {
      await inboxApi.readAll();
      const at = new Date().toISOString();
      setItems((list) => list.map((i) => (i.readAt ? i : { ...i, readAt: at })));
    } catch (e) {
      setError((e as Error).message);
    }
  };

  const unread = items.some((i) => !i.readAt);

  return (
    <PageShell titleKey='ui.inbox.title' className='inbox'>
      {unread ? (
        <View className='inbox__bar'>
          <ActionButton id='inbox-read-all' kind='ghost' small onClick={() => void readAll()}>
            {t('ui.inbox.readAll')}
          </ActionButton>
        </View>
      ) : null}
      {error ? <Notice kind='error' text={error} id='inbox-error' /> : null}
      {loaded && !items.length ? <Notice text={t('ui.inbox.empty')} id='inbox-empty' /> : null}
      {items.map((item) => (
        <View
          key={item.id}
          id={`inbox-item-${item.id}`}
          className={`card inbox-item${item.readAt ? '' : ' inbox-item--unread'}`}
          data-unread={!item.readAt}
          onClick={() => open(item)}
        >
          <View className='inbox-item__head'>
            {item.readAt ? null : <View className='inbox-item__dot' aria-label={t('ui.inbox.unread')} />}
            <Text className='inbox-item__title'>{item.title}</Text>
            <Text className='tag tag--plain'>{t(`ui.inbox.topic.${item.topic}`)}</Text>
          </View>
          <Text className='body-text'>{item.body}</Text>
          <Text className='muted'>{formatTime(item.createdAt)}</Text>
        </View>
      ))}
      {cursor ? (
        <ActionButton id='inbox-more' kind='ghost' busy={loading} onClick={loadMore}>
          {t('ui.inbox.loadMore')}
        </ActionButton>
      ) : loaded && items.length ? (
        <Text className='list-end'>{t('ui.inbox.noMore')}</Text>
      ) : null}
    </PageShell>
  );
}
