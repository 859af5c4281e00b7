import { useEffect, useState } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import type { IdentityField, IdentityPendingDto } from '@bay/shared';
import ActionButton from '../../../components/action-button';
import Notice from '../../../components/notice';
import PageShell from '../../../components/page-shell';
import { usePrefs } from '../../../hooks/use-prefs';
import { useSession } from '../../../hooks/use-session';
import { identityApi } from '../../../services/identity';
import { rememberIdentityLinked } from '../../../store/identity';
import { routes } from '../../../utils/routes';
import './index.scss';

/**
 * Where the identity provider's redirect lands (`?pending=<id>`): lists exactly the verified
 * fields, each with a checkbox (all ticked to start), and links only the ticked ones on accept.
 * Declining drops everything on the server.
 */
export default function Consent() {
  const { t } = usePrefs();
  const user = useSession();
  const { params } = useRouter();
  const pendingId = params.pending ?? '';
  const [pending, setPending] = useState<IdentityPendingDto | null>(null);
  const [chosen, setChosen] = useState<IdentityField[]>([]);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!/^[0-9a-f]{24}$/.test(pendingId)) {
      setError(t('ui.identity.missing'));
      return;
    }
    identityApi.pending(pendingId).then(
      (p) => {
        setPending(p);
        setChosen(p.fields.map((f) => f.name));
      },
      (e: Error) => setError(e.message),
    );
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [pendingId]);

  const toggle = (name: IdentityField) => {
    setError('');
    setChosen((c) => (c.includes(name) ? c.filter((n) => n !== name) : [...c, name]));
  };

  const answer = async (accept: boolean) => {
    if (accept && !chosen.length) {
      setError(t('ui.identity.chooseOne'));
      return;
    }
    setBusy(true);
    setError('');
    try {
      const profile = await identityApi.consent(pendingId, accept ? { accept: true, fields: chosen } : { accept: false });
      if (user) rememberIdentityLinked(user.id, profile.linked);
      void Taro.showToast({ title: t(accept ? 'ui.identity.accepted' : 'ui.identity.declined'), icon: 'none' });
      void Taro.redirectTo({ url: routes.me });
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <PageShell titleKey='ui.identity.consentTitle' className='consent'>
      {pending ? (
        <View className='card'>
          <Text className='body-text'>{t('ui.identity.consentIntro')}</Text>
          <Text className='muted' id='consent-issuer'>{t('ui.identity.from', { issuer: pending.issuer })}</Text>
          <View role='group'>
            {pending.fields.map((f) => {
              const on = chosen.includes(f.name);
              return (
                <View
                  key={f.name}
                  id={`consent-field-${f.name}`}
                  role='checkbox'
                  aria-checked={on}
                  className={`consent__field${on ? ' consent__field--on' : ''}`}
                  onClick={() => toggle(f.name)}
                >
                  <Text className='consent__box'>{on ? '✓' : ''}</Text>
                  <View className='consent__text'>
                    <Text className='muted'>{f.label}</Text>
                    <Text className='consent__value'>{f.value}</Text>
                  </View>
                </View>
              );
            })}
          </View>
          <Text className='muted'>{t('ui.identity.notOfficial')}</Text>
        </View>
      ) : null}
      {error ? <Notice kind='error' text={error} id='consent-error' /> : null}
      {pending ? (
        <View className='consent__actions'>
          <ActionButton id='consent-accept' busy={busy} onClick={() => void answer(true)}>
            {t('ui.identity.accept')}
          </ActionButton>
          <ActionButton id='consent-decline' kind='ghost' busy={busy} onClick={() => void answer(false)}>
            {t('ui.identity.decline')}
          </ActionButton>
        </View>
      ) : null}
    </PageShell>
  );
}
