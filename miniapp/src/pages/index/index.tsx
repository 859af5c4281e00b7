import { useEffect, useState } from 'react';
import Taro, { useDidShow } from '@tarojs/taro';
import { Switch, Text, View } from '@tarojs/components';
import { CUSTOMS_API, EMPLOYER_PAGES, WAIT_DIRECTIONS, type NoticeDto, type PortGlanceDto, type PortsGlanceDto } from '@bay/shared';
import PageShell from '../../components/page-shell';
import ActionButton from '../../components/action-button';
import { usePrefs } from '../../hooks/use-prefs';
import { useSession } from '../../hooks/use-session';
import { setElder } from '../../store/prefs';
import { getToken, isReviewer } from '../../store/session';
import { inboxApi, notifyApi } from '../../services/api';
import { request } from '../../services/request';
import WaitChip, { headlineWait } from '../../components/wait-chip';
import { usePortStars } from '../../hooks/use-port-stars';
import { getStars, refreshStars } from '../../store/port-stars';
import { pickText } from '../../i18n/content';
import { routes } from '../../utils/routes';
import SearchBox from './search-box';
import { SCENARIO_PAGES, TILES, type TileSpec } from './scenarios';
import './index.scss';

const TILE_URL: Record<TileSpec['key'], string> = {
  ...SCENARIO_PAGES,
  ask: routes.ask,
  applications: routes.myApplications,
  inbox: routes.inbox,
  me: routes.me,
  admin: routes.admin,
  employer: `/${EMPLOYER_PAGES.org}`,
};

/**
 * The home: the language switch (PageShell), one search box across scenarios, the scenario grid
 * and the latest notices. Elder mode shows fewer, bigger tiles in one column.
 */
export default function Home() {
  const { t, lang, elder, elderAuto } = usePrefs();
  const user = useSession();
  const stars = usePortStars();
  const [glance, setGlance] = useState<PortGlanceDto[]>([]);
  const [unread, setUnread] = useState(0);
  const [notices, setNotices] = useState<NoticeDto[]>([]);

  // A port starred elsewhere (the customs list, another device) while the home stays open.
  const starCount = stars.length;
  useEffect(() => {
    if (!starCount) return;
    request<PortsGlanceDto>(CUSTOMS_API.waits).then((g) => setGlance(g.items), () => undefined);
  }, [starCount]);

  // Back from the inbox or a pushed link: the badge and the board may have changed.
  useDidShow(() => {
    notifyApi.notices(3).then(
      (list) => setNotices(list.slice(0, 3)),
      () => undefined,
    );
    // "My ports": the starred ports' waits, fetched only when there are stars.
    void refreshStars().then(() => (getStars().length ? request<PortsGlanceDto>(CUSTOMS_API.waits) : null)).then(
      (g) => setGlance(g?.items ?? []),
      () => undefined,
    );
    if (getToken()) {
      inboxApi.unread().then(setUnread, () => undefined);
    } else {
      setUnread(0);
    }
  });

  const open = (tile: TileSpec) => {
    void Taro.navigateTo({ url: tile.open || getToken() ? TILE_URL[tile.key] : routes.login });
  };

  const employer = user?.role === 'employer';
  const shown = (tile: TileSpec) => {
    if (tile.key === 'admin') return isReviewer(user);
    if (tile.key === 'employer') return employer || user?.role === 'resident';
    return true;
  };
  // An employer's own area stays on the simpler elder home too.
  const tiles = TILES.filter(shown).filter((tile) => !elder || tile.elder || (tile.key === 'employer' && employer));

  return (
    <PageShell titleKey='ui.brand' className={`home${elder ? ' home--elder' : ''}`} langSwitchIds>
      <View className='home__hero'>
        <Text className='home__brand'>{t('ui.brand')}</Text>
        <Text className='home__tagline'>{t('ui.tagline')}</Text>
      </View>

      <SearchBox />

      <View id='home-grid' className='home__grid'>
        {tiles.map((tile) => (
          <View key={tile.id} id={tile.id} className='home__tile' data-tile={tile.key} onClick={() => open(tile)}>
            <Text className='home__tile-icon'>{t(tile.iconKey)}</Text>
            <Text className='home__tile-title'>{t(tile.titleKey)}</Text>
            {elder ? null : <Text className='muted home__tile-desc'>{t(tile.descKey)}</Text>}
            {tile.key === 'inbox' && unread > 0 ? (
              <Text id='inbox-badge' className='home__tile-badge'>
                {unread > 99 ? '99+' : unread}
              </Text>
            ) : null}
          </View>
        ))}
      </View>

      {stars.length && glance.length ? (
        <View className='card home__ports' id='home-my-ports'>
          <View className='home__notices-head'>
            <Text className='h2'>{t('customs.myPorts')}</Text>
            <Text id='my-ports-more' className='home__more' onClick={() => void Taro.navigateTo({ url: SCENARIO_PAGES.customs })}>
              {t('customs.myPortsMore')} ›
            </Text>
          </View>
          {stars.map((id) => glance.find((p) => p.portId === id)).filter((p): p is PortGlanceDto => !!p).map((p) => (
            <View key={p.portId} id={`my-port-${p.portId}`} className='home__port' onClick={() => void Taro.navigateTo({ url: `/packages/customs/port/index?id=${encodeURIComponent(p.portId)}` })}>
              <Text className='home__port-name'>{pickText(p.name, lang).text}{p.openNow === false ? ` · ${t('customs.closedNow')}` : ''}</Text>
              <View>
                {WAIT_DIRECTIONS.map((d) => {
                  const w = headlineWait(p.items, d);
                  return w ? <WaitChip key={d} wait={w} id={`my-port-${p.portId}-wait-${d}`} /> : null;
                })}
              </View>
            </View>
          ))}
        </View>
      ) : null}

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

      <View className='card home__prefs'>
        <View className='home__elder'>
          <View className='home__elder-text'>
            <Text className='home__elder-title'>{t('ui.home.elder')}</Text>
            <Text className='muted'>{t('ui.home.elderHint')}</Text>
            {elder && elderAuto ? (
              <Text id='elder-auto' className='muted'>
                {t('ui.shell.elderAuto')}
              </Text>
            ) : null}
          </View>
          <Switch id='elder-toggle' className='home__elder-switch' checked={elder} color='#0b5f8a' onChange={(e) => setElder(e.detail.value)} />
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
        {elder ? (
          <Text id='nav-me' className='home__more home__me-link' onClick={() => open(TILES.find((x) => x.key === 'me')!)}>
            {t('ui.home.me')} ›
          </Text>
        ) : null}
      </View>
    </PageShell>
  );
}
