import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import { signIn } from '../../services/auth';
import { usePrefs } from '../../hooks/use-prefs';
import Notice from '../notice';
import type { SignInPanelProps } from './index';
import './index.scss';
import ActionButton from '../action-button';

export default function SignInPanel({ onSignedIn }: SignInPanelProps) {
  const { t } = usePrefs();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');

  const submit = async () => {
    setBusy(true);
    setError('');
    try {
      await signIn();
      onSignedIn();
    } catch (e) {
      setError(e instanceof Error ? e.message : t('ui.common.unknownError'));
    } finally {
      setBusy(false);
    }
  };

  return (
    <View className='sign-in'>
      <Text className='sign-in__hint'>{t('ui.login.wechatHint')}</Text>
      {error ? <Notice kind='error' text={error} id='login-error' /> : null}
      <ActionButton id='login-submit' busy={busy} onClick={submit}>
        {t('ui.login.wechat')}
      </ActionButton>
    </View>
  );
}
