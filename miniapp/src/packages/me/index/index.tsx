import { useEffect, useState } from 'react';
import Taro, { useDidShow } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import type { BindCodeDto } from '@bay/shared';
import PageShell from '../../../components/page-shell';
import Notice from '../../../components/notice';
import { usePrefs } from '../../../hooks/use-prefs';
import { useSession } from '../../../hooks/use-session';
import { meApi } from '../../../services/api';
import { clearSession, saveUser } from '../../../store/session';
import { countdown } from '../../../utils/format';
import { routes } from '../../../utils/routes';
import './index.scss';
import ActionButton from '../../../components/action-button';
import IdentityCard from './identity-card';

export default function Me() {
  const { t } = usePrefs();
  const user = useSession();
  const [code, setCode] = useState<BindCodeDto | null>(null);
  const [now, setNow] = useState(() => Date.now());
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');

  // Binding happens in WeChat, so re-read the account whenever the page comes back.
  useDidShow(() => {
    meApi.get().then(saveUser, (e: Error) => setError(e.message));
  });

  useEffect(() => {
    if (!code) return undefined;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [code]);

  const getCode = async () => {
    setBusy(true);
    setError('');
    try {
      setCode(await meApi.bindCode());
      setNow(Date.now());
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  const signOut = () => {
    clearSession();
    void Taro.reLaunch({ url: routes.home });
  };

  const left = code ? countdown(code.expiresAt, now) : null;
  const bound = user?.botBound === true;

  return (
    <PageShell titleKey='ui.me.title' className='me'>
      <View className='card'>
        <View className={`bind-state${bound ? ' bind-state--bound' : ''}`} id='bind-state' data-bound={bound}>
          <Text className='bind-state__icon'>{bound ? '✓' : '!'}</Text>
          <Text className='bind-state__text'>{bound ? t('ui.me.bound') : t('ui.me.notBound')}</Text>
        </View>
        {bound ? <Text className='muted'>{t('ui.me.boundHint')}</Text> : null}
      </View>

      {!bound ? (
        <View className='card bind'>
          {code && left ? (
            <View className='bind__code-box'>
              <Text className='bind__code' id='bind-code' selectable userSelect>
                {code.code}
              </Text>
              <Text className='bind__expiry' id='bind-expiry'>
                {t('ui.me.expiresIn', { time: left })}
              </Text>
              <Text className='bind__hint'>{t('ui.me.codeHint')}</Text>
            </View>
          ) : null}
          {code && !left ? <Notice kind='error' text={t('ui.me.expired')} id='bind-expired' /> : null}
          {error ? <Notice kind='error' text={error} id='bind-error' /> : null}
          <ActionButton id='bind-get-code' busy={busy} onClick={getCode}>
            {code ? t('ui.me.newCode') : t('ui.me.getCode')}
          </ActionButton>
        </View>
      ) : null}

      <View id='me-settings' className='card app-item' onClick={() => void Taro.navigateTo({ url: routes.notificationSettings })}>
        <View className='app-item__text'>
          <Text className='app-item__title'>{t('ui.home.settings')}</Text>
        </View>
        <Text>›</Text>
      </View>

      <IdentityCard />

      {user ? (
        <View className='card me__account'>
          <Text className='muted'>{t(`ui.me.role.${user.role}`)}{user.nickname ? ` · ${user.nickname}` : ''}</Text>
          <ActionButton id='me-signout' kind='ghost' onClick={signOut}>
            {t('ui.me.signOut')}
          </ActionButton>
        </View>
      ) : null}
    </PageShell>
  );
}
