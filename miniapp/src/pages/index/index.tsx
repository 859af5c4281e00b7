import { useState } from 'react';
import Taro, { useDidShow } from '@tarojs/taro';
import { Switch, Text, View } from '@tarojs/components';
import type { Lang, NoticeDto } from '@bay/shared';
import PageShell from '../../components/page-shell';
import LangSwitch from '../../components/lang-switch';
import ActionButton from '../../components/action-button';
import { usePrefs } from '../../hooks/use-prefs';
import { useSession } from '../../hooks/use-session';
import { setElder, setLang } from '../../store/prefs';
import { getToken, isReviewer } from '../../store/session';
import { inboxApi, meApi, notifyApi } from '../../services/api';
import { routes } from '../../utils/routes';
import './index.scss';

interface Entry {
  id: string;
  key: 'jobs' | 'applications' | 'me' | 'admin' | 'ask' | 'inbox';
  title: string;
  desc: string;
  url: string;
  /** Open without signing in (the Ask page answers anyone). */
  open?: boolean;
}

export default function Home() {
  const { t, elder } = usePrefs();
  const user = useSession();
  const [unread, setUnread] = useState(0);
  const [notices, setNotices] = useState<NoticeDto[]>([]);

  // Back from the inbox or a pushed link: the badge and the board may have changed.
  useDidShow(() => {
    notifyApi.notices(3).then(
      (list) => setNotices(list.slice(0, 3)),
      () => undefined,
    );
    if (getToken()) {
      inboxApi.unread().then(setUnread, () => undefined);
    } else {
      setUnread(0);
    }
  });

  const changeLang = (lang: Lang) => {
    setLang(lang);
    // The server speaks to the resident (bot pushes, errors) in the saved language.
    if (getToken()) void meApi.setLang(lang).catch(() => undefined);
  };

  const open = (entry: Entry) => {
    void Taro.navigateTo({ url: entry.open || getToken() ? entry.url : routes.login });
  };

  const entries: Entry[] = [
    { id: 'nav-ask', key: 'ask', title: t('ui.home.ask'), desc: t('ui.home.askDesc'), url: routes.ask, open: true },
    { id: 'nav-jobs', key: 'jobs', title: t('ui.home.jobs'), desc: t('ui.home.jobsDesc'), url: routes.jobs },
    { id: 'nav-inbox', key: 'inbox', title: t('ui.home.inbox'), desc: t('ui.home.inboxDesc'), url: routes.inbox },
    { id: 'nav-applications', key: 'applications', title: t('ui.home.applications'), desc: t('ui.home.applicationsDesc'), url: routes.myApplications },
    { id: 'nav-me', key: 'me', title: t('ui.home.me'), desc: t('ui.home.meDesc'), url: routes.me },
  ];
  if (isReviewer(user)) {
    entries.push({ id: 'nav-admin', key: 'admin', title: t('ui.home.admin'), desc: t('ui.home.adminDesc'), url: routes.admin });
  }

  return (
    <PageShell titleKey='ui.brand' className='home'>
      <View className='home__hero'>
        <Text className='home__brand'>{t('ui.brand')}</Text>
        <Text className='home__tagline'>{t('ui.tagline')}</Text>
      </View>

      <View className='card home__prefs'>
        <LangSwitch onChange={changeLang} />
        <View className='home__elder'>
          <View className='home__elder-text'>
            <Text className='home__elder-title'>{t('ui.home.elder')}</Text>
            <Text className='muted'>{t('ui.home.elderHint')}</Text>
          </View>
          <Switch id='elder-toggle' checked={elder} color='#0b5f8a' onChange={(e) => setElder(e.detail.value)} />
        </View>
      </View>

      <View className='home__account'>
        {user ? (
          <Text className='muted' id='home-user'>
            {t('ui.home.signedInAs', { name: user.nickname ?? t(`ui.me.role.${user.role}`) })}
          </Text>
        ) : (
          <View className='home__signin'>
            <Text className='muted'>{t('ui.home.signedOut')}</Text>
            <ActionButton id='nav-login' small onClick={() => void Taro.navigateTo({ url: routes.login })}>
              {t('ui.home.signIn')}
            </ActionButton>
          </View>
        )}
      </View>

      {notices.length ? (
        <View className='card home__notices' id='home-notices'>
          <View className='home__notices-head'>
            <Text className='h2'>{t('ui.home.notices')}</Text>
            <Text id='notices-more' className='home__more' onClick={() => void Taro.navigateTo({ url: routes.notices })}>
              {t('ui.home.noticesMore')} ›
            </Text>
          </View>
          {notices.map((n) => (
            <View key={n.id} id={`notice-${n.id}`} className='home__notice' onClick={() => void Taro.navigateTo({ url: routes.notice(n.id) })}>
              <Text className='home__notice-title'>{n.title}</Text>
            </View>
          ))}
        </View>
      ) : null}

      <View className='home__entries'>
        {entries.map((e) => (
          <View key={e.id} id={e.id} className='card entry' onClick={() => open(e)}>
            <Text className='entry__icon'>{t(`ui.home.icon.${e.key}`)}</Text>
            <View className='entry__text'>
              <Text className='entry__title'>{e.title}</Text>
              <Text className='muted'>{e.desc}</Text>
            </View>
            {e.key === 'inbox' && unread > 0 ? (
              <Text id='inbox-badge' className='entry__badge'>
                {unread > 99 ? '99+' : unread}
              </Text>
            ) : null}
            <Text className='entry__arrow'>›</Text>
          </View>
        ))}
      </View>
    </PageShell>
  );
}
