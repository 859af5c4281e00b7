import { useCallback, useEffect, useState } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { Input, Text, View } from '@tarojs/components';
import { WAIT_DIRECTIONS, WAIT_MAX_MINUTES, WAIT_MODES, type PortDto, type WaitDirection, type WaitDto, type WaitMode } from '@bay/shared';
import PageShell from '../../../components/page-shell';
import Notice from '../../../components/notice';
import ActionButton from '../../../components/action-button';
import { usePrefs } from '../../../hooks/use-prefs';
import { useSession } from '../../../hooks/use-session';
import { pickText } from '../../../i18n/content';
import { ApiError, LOGIN_PAGE } from '../../../services/request';
import { customsApi } from '../api';
import SourceLine from '../source-line';
import '../customs.scss';

/** One port: hours, ways to cross, facilities, current waits (or the estimate) and "report my wait". */
export default function PortDetail() {
  const { t, lang } = usePrefs();
  const user = useSession();
  const id = useRouter().params.id ?? '';
  const [port, setPort] = useState<PortDto | null>(null);
  const [waits, setWaits] = useState<WaitDto[]>([]);
  const [error, setError] = useState('');
  const [direction, setDirection] = useState<WaitDirection>('northbound');
  const [mode, setMode] = useState<WaitMode>('pedestrian');
  const [minutes, setMinutes] = useState('');
  const [busy, setBusy] = useState(false);
  const [reportMsg, setReportMsg] = useState<{ kind: 'info' | 'error'; text: string } | null>(null);
  const [fieldError, setFieldError] = useState('');

  const loadWaits = useCallback(async () => {
    setWaits((await customsApi.wait(id)).items);
  }, [id]);

  useEffect(() => {
    void (async () => {
      try {
        const p = await customsApi.port(id);
        setPort(p);
        const modes = WAIT_MODES.filter((m) => p.modes.includes(m));
        if (modes.length && !modes.includes('pedestrian')) setMode(modes[0]!);
        await loadWaits();
      } catch (e) {
        setError((e as Error).message);
      }
    })();
  }, [id, loadWaits]);

  const waitText = (w: WaitDto) => {
    if (w.minutes === null) return t('customs.noData');
    return t('customs.waitMinutes', { n: w.minutes });
  };

  const submit = async () => {
    const n = Number(minutes);
    if (!minutes.trim() || !Number.isInteger(n) || n < 0 || n > WAIT_MAX_MINUTES) {
      setFieldError(t('v.waitRange'));
      return;
    }
    setFieldError('');
    setBusy(true);
    setReportMsg(null);
    try {
      const res = await customsApi.report(id, { direction, mode, minutes: n });
      setReportMsg({ kind: 'info', text: t(res.counted ? 'customs.reportThanks' : 'customs.reportNotCounted') });
      setMinutes('');
      await loadWaits();
    } catch (e) {
      if (e instanceof ApiError && e.fields.minutes) setFieldError(e.fields.minutes);
      setReportMsg({ kind: 'error', text: (e as Error).message });
    } finally {
      setBusy(false);
    }
  };

  if (!port) {
    return (
      <PageShell titleKey='customs.title' className='customs'>
        {error ? <Notice kind='error' text={error} id='port-error' /> : <Text className='list-end'>{t('ui.common.loading')}</Text>}
      </PageShell>
    );
  }

  const portModes = WAIT_MODES.filter((m) => port.modes.includes(m));
  const reportModes: WaitMode[] = portModes.length ? portModes : ['pedestrian'];
  const hours = port.hours.open24h ? t('customs.open24h') : port.hours.from && port.hours.to ? `${port.hours.from}–${port.hours.to}` : '';

  return (
    <PageShell titleKey='customs.title' className='customs'>
      <View className='card' id='port-info'>
        <Text className='customs__title' id='port-name'>{pickText(port.name, lang).text}</Text>
        <Text className='customs__meta'>{pickText(port.city, lang).text}</Text>
        <Text className='customs__label'>{t('customs.hours')}</Text>
        {hours ? <Text className='customs__row' id='port-hours'>{hours}</Text> : null}
        <Text className='customs__row'>{pickText(port.hours.note, lang).text}</Text>
        <Text className='customs__label'>{t('customs.modes')}</Text>
        <View>{port.modes.map((m) => <Text key={m} className='tag'>{t(`customs.mode.${m}`)}</Text>)}</View>
        {port.facilities.length ? (
          <>
            <Text className='customs__label'>{t('customs.facilities')}</Text>
            {port.facilities.map((f, i) => <Text key={i} className='customs__row'>· {pickText(f, lang).text}</Text>)}
          </>
        ) : null}
        <Text className='customs__label'>{t('customs.transport')}</Text>
        <Text className='customs__row'>{pickText(port.transport, lang).text}</Text>
        <Text className='customs__label'>{t('customs.address')}</Text>
        <Text className='customs__row'>{pickText(port.address, lang).text}</Text>
        <SourceLine source={port.source} asOf={port.asOf} confidence={port.confidence} />
      </View>

      <View className='card' id='port-wait'>
        <Text className='customs__title'>{t('customs.wait')}</Text>
        {waits.map((w) => (
          <View key={`${w.direction}-${w.mode}`} className='wait' id={`wait-${w.direction}-${w.mode}`}>
            <Text className='customs__meta'>{t(`customs.direction.${w.direction}`)} · {t(`customs.mode.${w.mode}`)}</Text>
            <Text className='wait__value'>
              {w.estimate ? <Text className='tag tag--accent wait__estimate'>{t('customs.estimate')}</Text> : null}
              {waitText(w)}
            </Text>
            {w.estimate ? (
              <Text className='customs__meta'>{t('customs.estimateHint')}</Text>
            ) : (
              <Text className='customs__meta'>
                {t('customs.waitAge', { n: w.ageMinutes ?? 0 })} · {t(w.source === 'feed' ? 'customs.fromFeed' : 'customs.fromReports')}
              </Text>
            )}
          </View>
        ))}
      </View>

      <View className='card' id='port-report'>
        <Text className='customs__title'>{t('customs.report')}</Text>
        {user ? (
          <>
            <View className='choice-row' role='radiogroup'>
              {WAIT_DIRECTIONS.map((d) => (
                <View key={d} id={`report-direction-${d}`} className={`choice${direction === d ? ' choice--active' : ''}`} onClick={() => setDirection(d)}>
                  {t(`customs.direction.${d}`)}
                </View>
              ))}
            </View>
            <View className='choice-row' role='radiogroup'>
              {reportModes.map((m) => (
                <View key={m} id={`report-mode-${m}`} className={`choice${mode === m ? ' choice--active' : ''}`} onClick={() => setMode(m)}>
                  {t(`customs.mode.${m}`)}
                </View>
              ))}
            </View>
            <Input
              id='report-minutes'
              type='number'
              className={`input${fieldError ? ' input--invalid' : ''}`}
              value={minutes}
              placeholder={t('customs.reportMinutes')}
              onInput={(e) => setMinutes(e.detail.value)}
            />
            {fieldError ? <Text className='customs__warn' id='report-field-error'>{fieldError}</Text> : null}
            <ActionButton id='report-submit' busy={busy} onClick={() => void submit()}>{t('customs.reportSubmit')}</ActionButton>
            {reportMsg ? <Notice kind={reportMsg.kind} text={reportMsg.text} id='report-result' /> : null}
          </>
        ) : (
          <ActionButton id='report-sign-in' kind='ghost' onClick={() => void Taro.navigateTo({ url: LOGIN_PAGE })}>{t('customs.signInToReport')}</ActionButton>
        )}
      </View>
    </PageShell>
  );
}
