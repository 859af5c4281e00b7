import { useState } from 'react';
import Taro, { useDidShow } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import type { IdentityProfileDto } from '@bay/shared';
import ActionButton from '../../../components/action-button';
import Notice from '../../../components/notice';
import { usePrefs } from '../../../hooks/use-prefs';
import { useSession } from '../../../hooks/use-session';
import { identityApi } from '../../../services/identity';
import { openExternal } from '../../../services/open-external';
import { rememberIdentityLinked } from '../../../store/identity';
import { formatTime } from '../../../utils/format';

/**
 * Cross-border identity on the Me page: start verification with the operator's OpenID Connect
 * provider, or show what is linked with "unlink and delete my data". Hidden while the server has
 * no provider configured (or cannot say).
 */
export default function IdentityCard() {
  const { t } = usePrefs();
  const user = useSession();
  const [profile, setProfile] = useState<IdentityProfileDto | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const [info, setInfo] = useState('');

  const show = (p: IdentityProfileDto) => {
    setProfile(p);
    if (user) rememberIdentityLinked(user.id, p.linked);
  };

  useDidShow(() => {
    identityApi.profile().then(show, () => setProfile(null));
  });

  if (!profile?.enabled) return null;

  const start = async () => {
    setBusy(true);
    setError('');
    setInfo('');
    try {
      const { authorizationUrl } = await identityApi.start();
      if ((await openExternal(authorizationUrl)) === 'copied') setInfo(t('ui.identity.copied'));
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  const unlink = async () => {
    const { confirm } = await Taro.showModal({
      content: t('ui.identity.unlinkConfirm'),
      confirmText: t('ui.common.confirm'),
      cancelText: t('ui.common.cancel'),
      confirmColor: '#c0392b',
    });
    if (!confirm) return;
    setBusy(true);
    setError('');
    try {
      await identityApi.unlink();
      show({ enabled: true, linked: false });
      void Taro.showToast({ title: t('ui.identity.unlinked'), icon: 'none' });
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <View className='card identity' id='identity-card' data-linked={profile.linked}>
      <Text className='h2'>{t('ui.identity.title')}</Text>
      {profile.linked ? (
        <View>
          <View className='bind-state bind-state--bound' id='identity-state'>
            <Text className='bind-state__icon'>✓</Text>
            <Text className='bind-state__text'>{t('ui.identity.linked')}</Text>
          </View>
          {profile.issuer ? <Text className='muted'>{t('ui.identity.from', { issuer: profile.issuer })}</Text> : null}
          {profile.linkedAt ? <Text className='muted'>{t('ui.identity.linkedAt', { time: formatTime(profile.linkedAt) })}</Text> : null}
          <View className='identity__fields'>
            {(profile.fields ?? []).map((f) => (
              <View key={f.name} className='identity__field' id={`identity-field-${f.name}`}>
                <Text className='identity__label'>{f.label}</Text>
                <Text className='identity__value'>{f.value}</Text>
              </View>
            ))}
          </View>
          <ActionButton id='identity-unlink' kind='danger' busy={busy} onClick={unlink}>
            {t('ui.identity.unlink')}
          </ActionButton>
        </View>
      ) : (
        <View>
          <Text className='body-text'>{t('ui.identity.intro')}</Text>
          <Text className='muted'>{t('ui.identity.notOfficial')}</Text>
          <ActionButton id='identity-start' busy={busy} onClick={start}>
            {t('ui.identity.start')}
          </ActionButton>
        </View>
      )}
      {info ? <Notice text={info} id='identity-info' /> : null}
      {error ? <Notice kind='error' text={error} id='identity-error' /> : null}
    </View>
  );
}
