import { useCallback, useState } from 'react';
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import { Input, Text, View } from '@tarojs/components';
import { EMPLOYER_PAGES, LANGS, ORG_INVITE_TTL_HOURS, ORG_REG_KINDS, type Lang, type OrgDto, type OrgInviteDto, type OrgMemberDto, type OrgRegKind } from '@bay/shared';
import PageShell from '../../../components/page-shell';
import Field from '../../../components/field';
import Notice from '../../../components/notice';
import ActionButton from '../../../components/action-button';
import { usePrefs } from '../../../hooks/use-prefs';
import { useSession } from '../../../hooks/use-session';
import { translatorFor } from '../../../i18n';
import { pickText } from '../../../i18n/content';
import { meApi } from '../../../services/api';
import { ApiError } from '../../../services/request';
import { saveUser } from '../../../store/session';
import { formatTime } from '../../../utils/format';
import { employerApi, pageUrl } from '../api';
import { fieldErrors, fieldKey, useLatest } from '../use-latest';
import '../employer.scss';

type Names = Record<Lang, string>;

/** The role changes to employer on the server when the resident registers or joins: read it back. */
function refreshUser(): void {
  void meApi.get().then(saveUser, () => undefined);
}

/** A resident without an organisation: register one (pending until an admin verifies it), or join one with a code. */
function NoOrganisation({ onJoined }: { onJoined: (org: OrgDto) => void }) {
  const { t } = usePrefs();
  const [names, setNames] = useState<Names>({ 'zh-Hans': '', 'zh-Hant': '', en: '' });
  const [kind, setKind] = useState<OrgRegKind>('uscc');
  const [number, setNumber] = useState('');
  const [code, setCode] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState('');
  const [joinError, setJoinError] = useState('');
  const [busy, setBusy] = useState<'register' | 'join' | null>(null);

  const clear = (name: string) => setErrors(({ [name]: _dropped, ...rest }) => rest);

  // The server validates (the USCC check character, the BR form) and answers per field, localised.
  const register = async () => {
    setBusy('register');
    setFormError('');
    try {
      const org = await employerApi.register({ name: names, reg: { kind, number } });
      refreshUser();
      onJoined(org);
    } catch (e) {
      setErrors(fieldErrors(e));
      setFormError((e as Error).message);
    } finally {
      setBusy(null);
    }
  };

  const join = async () => {
    setBusy('join');
    setJoinError('');
    try {
      const org = await employerApi.join(code);
      refreshUser();
      onJoined(org);
    } catch (e) {
      const fields = fieldErrors(e);
      setJoinError(fields.code ?? (e as Error).message);
    } finally {
      setBusy(null);
    }
  };

  return (
    <View>
      <View className='card' id='org-register-form'>
        <Text className='h2'>{t('employer.register')}</Text>
        <Text className='muted'>{t('employer.registerHint')}</Text>
        {LANGS.map((l) => {
          const name = `name.${l}`;
          return (
            <Field key={l} name={fieldKey(name)} label={`${t('employer.name')} · ${translatorFor(l)('ui.langName')}`} error={errors[name]}>
              <Input
                id={`org-name-${l}`}
                className={`input${errors[name] ? ' input--invalid' : ''}`}
                value={names[l]}
                maxlength={240}
                onInput={(e) => {
                  const value = e.detail.value;
                  setNames((n) => ({ ...n, [l]: value }));
                  clear(name);
                }}
              />
            </Field>
          );
        })}
        <Field name='reg-kind' label={t('employer.regKindLabel')} error={errors['reg.kind']}>
          <View className='choice-row' role='radiogroup'>
            {ORG_REG_KINDS.map((k) => (
              <View key={k} id={`org-kind-${k}`} role='radio' aria-checked={kind === k} className={`choice${kind === k ? ' choice--active' : ''}`} onClick={() => setKind(k)}>
                {t(`employer.regKind.${k}`)}
              </View>
            ))}
          </View>
        </Field>
        <Field name='reg-number' label={t('employer.regNumber')} error={errors['reg.number']}>
          <Input
            id='org-number'
            className={`input${errors['reg.number'] ? ' input--invalid' : ''}`}
            value={number}
            maxlength={40}
            placeholder={t(`employer.regNumberHint.${kind}`)}
            onInput={(e) => {
              setNumber(e.detail.value);
              clear('reg.number');
            }}
          />
          <Text className='muted' id='org-number-hint'>{t(`employer.regNumberHint.${kind}`)}</Text>
        </Field>
        {formError ? <Notice kind='error' text={formError} id='org-register-error' /> : null}
        <ActionButton id='org-register' busy={busy === 'register'} disabled={busy !== null} onClick={() => void register()}>
          {t('employer.submit')}
        </ActionButton>
      </View>

      <View className='card' id='org-join-form'>
        <Text className='h2'>{t('employer.join')}</Text>
        <Field name='code' label={t('employer.inviteCode')} error={joinError || undefined}>
          <Input id='org-join-code' className={`input${joinError ? ' input--invalid' : ''}`} value={code} maxlength={8} onInput={(e) => setCode(e.detail.value)} />
        </Field>
        <ActionButton id='org-join' kind='ghost' busy={busy === 'join'} disabled={busy !== null} onClick={() => void join()}>
          {t('employer.join')}
        </ActionButton>
      </View>
    </View>
  );
}

function MemberRow({ member, me, owner, onRemove, busy }: { member: OrgMemberDto; me: boolean; owner: boolean; onRemove: () => void; busy: boolean }) {
  const { t } = usePrefs();
  return (
    <View className='employer__row' id={`org-member-${member.userId}`}>
      <View className='employer__row-text'>
        <Text>
          {member.nickname ?? member.userId}
          {me ? t('employer.you') : ''}
        </Text>
        <Text className='muted' data-role={member.role}>{t(`employer.memberRole.${member.role}`)}</Text>
      </View>
      {owner && !me ? (
        <ActionButton id={`org-remove-${member.userId}`} kind='danger' small busy={busy} onClick={onRemove}>
          {t('employer.remove')}
        </ActionButton>
      ) : null}
    </View>
  );
}

/** My organisation: its status and review note, members, invite codes (owners), and the way to its jobs. */
export default function EmployerHome() {
  const { t, lang } = usePrefs();
  const user = useSession();
  const latest = useLatest();
  // undefined: loading; null: the signed-in user has no organisation.
  const [org, setOrg] = useState<OrgDto | null | undefined>(undefined);
  const [error, setError] = useState('');
  const [invite, setInvite] = useState<OrgInviteDto | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [actionError, setActionError] = useState('');

  const load = useCallback(() => {
    // Residents and employers ask (the stored role may be stale: joined elsewhere, or removed); staff see the forms.
    if (user?.role !== 'employer' && user?.role !== 'resident') {
      setOrg(null);
      return Promise.resolve();
    }
    return latest(
      employerApi.org(),
      (o) => {
        setOrg(o);
        setError('');
      },
      (e) => {
        if (e instanceof ApiError && e.code === 'noOrganisation') {
          setOrg(null);
          setError('');
        } else setError(e.message);
      },
    );
  }, [user?.role, latest]);

  useDidShow(() => {
    void load();
  });
  usePullDownRefresh(() => {
    void load().finally(() => Taro.stopPullDownRefresh());
  });

  const createInvite = async () => {
    setBusy('invite');
    setActionError('');
    try {
      setInvite(await employerApi.invite());
    } catch (e) {
      setActionError((e as Error).message);
    } finally {
      setBusy(null);
    }
  };

  const remove = async (member: OrgMemberDto) => {
    const { confirm } = await Taro.showModal({
      title: t('employer.remove'),
      content: t('employer.removeConfirm', { name: member.nickname ?? member.userId }),
      confirmText: t('ui.common.confirm'),
      cancelText: t('ui.common.cancel'),
    });
    if (!confirm) return;
    setBusy(member.userId);
    setActionError('');
    try {
      await employerApi.removeMember(member.userId);
      setOrg((o) => (o ? { ...o, members: o.members.filter((m) => m.userId !== member.userId) } : o));
      void load();
    } catch (e) {
      // 409 orgLastOwner and friends arrive localised.
      setActionError((e as Error).message);
    } finally {
      setBusy(null);
    }
  };

  const owner = org?.myRole === 'owner';

  return (
    <PageShell titleKey='employer.title' className='employer'>
      {error ? <Notice kind='error' text={error} id='org-error' /> : null}
      {org === undefined && !error ? <Notice text={t('ui.common.loading')} /> : null}
      {org === null ? <NoOrganisation onJoined={(o) => { setOrg(o); setError(''); }} /> : null}
      {org ? (
        <View id='org-view'>
          <View className='card'>
            <View className='employer__head'>
              <Text className='h1' id='org-name'>{pickText(org.name, lang).text}</Text>
              <Text id='org-status' className={`org-status org-status--${org.status}`} data-status={org.status}>
                {t(`employer.status.${org.status}`)}
              </Text>
            </View>
            <Text className='muted' id='org-reg'>
              {t(`employer.regKind.${org.reg.kind}`)} {org.reg.number}
            </Text>
            {org.status === 'pending' ? <Notice text={t('employer.pendingHint')} id='org-pending-hint' /> : null}
            {org.review?.note ? (
              <View id='org-review-note'>
                <Text className='h2'>{t('employer.reviewNote')}</Text>
                <Text className='body-text'>{org.review.note}</Text>
                <Text className='muted'>{formatTime(org.review.at)}</Text>
              </View>
            ) : null}
            {org.jobs ? <Text className='muted' id='org-job-counts'>{t('employer.jobCounts', org.jobs)}</Text> : null}
            <View className='employer__actions'>
              <ActionButton id='org-jobs' onClick={() => void Taro.navigateTo({ url: pageUrl(EMPLOYER_PAGES.jobs) })}>
                {t('employer.myJobs')}
              </ActionButton>
            </View>
          </View>

          <View className='card' id='org-members'>
            <Text className='h2'>{t('employer.members')}</Text>
            {org.members.map((m) => (
              <MemberRow key={m.userId} member={m} me={m.userId === user?.id} owner={owner} busy={busy === m.userId} onRemove={() => void remove(m)} />
            ))}
            {owner ? (
              <View className='employer__actions'>
                <ActionButton id='org-invite' kind='ghost' busy={busy === 'invite'} onClick={() => void createInvite()}>
                  {t('employer.invite')}
                </ActionButton>
              </View>
            ) : null}
            {invite ? (
              <View id='org-invite-result'>
                <Text className='employer__code' id='org-invite-code'>{invite.code}</Text>
                <Text className='muted' id='org-invite-expires'>{t('employer.inviteExpires', { time: formatTime(invite.expiresAt) })}</Text>
                <Text className='muted'>{t('employer.inviteHint', { hours: ORG_INVITE_TTL_HOURS })}</Text>
              </View>
            ) : null}
            {actionError ? <Notice kind='error' text={actionError} id='org-action-error' /> : null}
          </View>
        </View>
      ) : null}
    </PageShell>
  );
}
