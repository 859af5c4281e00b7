import { useEffect, useState } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import type { NoticeDto } from '@bay/shared';
import PageShell from '../../../components/page-shell';
import Notice from '../../../components/notice';
import ActionButton from '../../../components/action-button';
import { usePrefs } from '../../../hooks/use-prefs';
import { notifyApi } from '../../../services/api';
import { formatTime } from '../../../utils/format';
import { linkUrl } from '../../../utils/routes';
import { recallNotice, rememberNotices } from '../cache';

export default function NoticeDetail() {
  const { t } = usePrefs();
  const { params } = useRouter();
  const id = params.id ?? '';
  const [notice, setNotice] = useState<NoticeDto | null>(() => recallNotice(id) ?? null);
  const [error, setError] = useState('');

  // Opened from the home page or a share: the list endpoint is the only source.
  useEffect(() => {
    if (recallNotice(id)) return;
    notifyApi.notices(50).then(
      (list) => {
        rememberNotices(list);
        const found = recallNotice(id);
        if (found) setNotice(found);
        else setError(t('ui.notices.missing'));
      },
      (e: Error) => setError(e.message),
    );
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [id]);

  return (
    <PageShell titleKey='ui.notices.title' className='notice-detail'>
      {!notice && !error ? <Notice text={t('ui.common.loading')} /> : null}
      {error ? <Notice kind='error' text={error} id='notice-error' /> : null}
      {notice ? (
        <View className='card' id='notice-detail'>
          <Text className='h1'>{notice.title}</Text>
          <Text className='muted'>{formatTime(notice.publishedAt)}</Text>
          <Text className='body-text'>{notice.body}</Text>
          {notice.link ? (
            <ActionButton id='notice-open' onClick={() => void Taro.navigateTo({ url: linkUrl(notice.link!) })}>
              {t('ui.notices.open')}
            </ActionButton>
          ) : null}
        </View>
      ) : null}
    </PageShell>
  );
}
