import { useState } from 'react';
import { Input, Text, View } from '@tarojs/components';
import { signIn } from '../../services/auth';
import type { DevSignInInput } from '../../services/auth.types';
import { usePrefs } from '../../hooks/use-prefs';
import { ApiError } from '../../services/request';
import Field from '../field';
import Notice from '../notice';
import type { SignInPanelProps } from './index';
import './index.scss';
import ActionButton from '../action-button';

const ROLES: DevSignInInput['role'][] = ['resident', 'reviewer', 'admin', 'employer'];

/** Development sign-in for the browser preview and the end-to-end test. */
export default function SignInPanel({ onSignedIn }: SignInPanelProps) {
  const { t } = usePrefs();
  const [handle, setHandle] = useState('demo-resident');
  const [role, setRole] = useState<DevSignInInput['role']>('resident');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');

  const submit = async () => {
    setBusy(true);
    setError('');
    try {
      await signIn({ handle, role });
      onSignedIn();
    } catch (e) {
      const fieldError = e instanceof ApiError ? e.fields.handle : undefined;
      setError(fieldError ?? (e instanceof Error ? e.message : t('ui.common.unknownError')));
    } finally {
      setBusy(false);
    }
  };

  return (
    <View className='sign-in'>
      <Text className='sign-in__hint'>{t('ui.login.devHint')}</Text>
      <Field name='handle' label={t('ui.login.handle')}>
        <Input
          id='login-handle'
          className='input'
          value={handle}
          onInput={(e) => setHandle(e.detail.value)}
          maxlength={40}
        />
      </Field>
      <Field name='role' label={t('ui.login.role')}>
        <View className='choice-row'>
          {ROLES.map((r) => (
            <View
              key={r}
              id={`login-role-${r}`}
              className={`choice${role === r ? ' choice--active' : ''}`}
              onClick={() => setRole(r)}
            >
              {t(`ui.login.${r}`)}
            </View>
          ))}
        </View>
      </Field>
      {error ? <Notice kind='error' text={error} id='login-error' /> : null}
      <ActionButton id='login-submit' busy={busy} onClick={submit}>
        {t('ui.login.submit')}
      </ActionButton>
    </View>
  );
}
