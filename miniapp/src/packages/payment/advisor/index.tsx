import { useEffect, useRef, useState } from 'react';
import { useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import {
  PAYMENT_SIDES, PAYMENT_SITUATIONS, type AdviceDto, type PaymentMethodDto, type PaymentSide, type PaymentSituation,
} from '@bay/shared';
import PageShell from '../../../components/page-shell';
import Notice from '../../../components/notice';
import ActionButton from '../../../components/action-button';
import { usePrefs } from '../../../hooks/use-prefs';
import { pickText } from '../../../i18n/content';
import { paymentApi } from '../api';
import '../payment.scss';

const isSide = (s: string | undefined): s is PaymentSide => (PAYMENT_SIDES as readonly string[]).includes(s ?? '');
const isSituation = (s: string | undefined): s is PaymentSituation => (PAYMENT_SITUATIONS as readonly string[]).includes(s ?? '');

/**
 * Payment-method advisor (packages/payment/advisor/index): pick where and what for, optionally
 * what you already have, and get ranked suggestions with reasons, costs, caveats and sources.
 * Opened with `?side=&situation=` it asks straight away; `?method=<id>` (search links) preselects it.
 */
export default function PaymentAdvisor() {
  const { t, lang } = usePrefs();
  const { params } = useRouter();
  const [side, setSide] = useState<PaymentSide>(isSide(params.side) ? params.side : 'mainland');
  const [situation, setSituation] = useState<PaymentSituation>(isSituation(params.situation) ? params.situation : 'shop');
  const [methods, setMethods] = useState<PaymentMethodDto[]>([]);
  const [have, setHave] = useState<string[]>(params.method ? [params.method] : []);
  const [advice, setAdvice] = useState<AdviceDto | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  // Drops answers to superseded questions (a quick change of side or situation).
  const generation = useRef(0);

  const ask = async (s = side, sit = situation, mine = have) => {
    const gen = ++generation.current;
    setBusy(true);
    setError('');
    try {
      const answer = await paymentApi.advice(s, sit, mine);
      if (gen === generation.current) setAdvice(answer);
    } catch (e) {
      if (gen === generation.current) setError((e as Error).message);
    } finally {
      if (gen === generation.current) setBusy(false);
    }
  };

  useEffect(() => {
    paymentApi.methods().then(setMethods).catch(() => setMethods([]));
    if (isSide(params.side) && isSituation(params.situation)) void ask(params.side, params.situation);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  // Answers come in the request's language: ask again when the resident switches language.
  const asked = useRef(lang);
  useEffect(() => {
    if (asked.current !== lang && advice) void ask();
    asked.current = lang;
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [lang]);

  const toggle = (id: string) => setHave((prev) => (prev.includes(id) ? prev.filter((x) => x !== id) : [...prev, id]));

  return (
    <PageShell titleKey='payment.advisorTitle' className='payment'>
      <View className='card'>
        <Text className='payment__label'>{t('payment.side')}</Text>
        <View className='payment__row'>
          {PAYMENT_SIDES.map((s) => (
            <View key={s} id={`pay-side-${s}`} className={`chip${side === s ? ' chip--active' : ''}`} onClick={() => setSide(s)}>
              {t(`payment.sides.${s}`)}
            </View>
          ))}
        </View>
        <Text className='payment__label'>{t('payment.situation')}</Text>
        <View className='payment__row'>
          {PAYMENT_SITUATIONS.map((s) => (
            <View key={s} id={`pay-situation-${s}`} className={`chip${situation === s ? ' chip--active' : ''}`} onClick={() => setSituation(s)}>
              {t(`payment.situations.${s}`)}
            </View>
          ))}
        </View>
        {methods.length ? (
          <>
            <Text className='payment__label'>{t('payment.have')}</Text>
            <View className='payment__row'>
              {methods.map((m) => (
                <View key={m.id} id={`pay-have-${m.id}`} className={`chip${have.includes(m.id) ? ' chip--active' : ''}`} onClick={() => toggle(m.id)}>
                  {pickText(m.name, lang).text}
                </View>
              ))}
            </View>
          </>
        ) : null}
        <View style={{ marginTop: '24px' }}>
          <ActionButton id='pay-ask' busy={busy} onClick={() => void ask()}>{t('payment.ask')}</ActionButton>
        </View>
      </View>

      {error ? <Notice kind='error' text={error} id='pay-advice-error' /> : null}
      {advice && !advice.suggestions.length ? <Notice text={t('payment.empty')} id='pay-advice-empty' /> : null}

      <View id='pay-suggestions'>
        {advice?.suggestions.map((s, i) => (
          <View key={s.id} id={`pay-suggestion-${s.id}`} className='card'>
            <View className='payment__card-head'>
              <Text className='payment__name'>{i + 1}. {s.name}</Text>
              <Text className={`tag payment__fit--${s.fit}`}>{t(`payment.fit.${s.fit}`)}</Text>
            </View>
            {s.have ? <Text className='tag tag--accent'>{t('payment.youHave')}</Text> : null}
            {s.reasons.map((r, n) => <Text key={n} className='payment__text'>{r}</Text>)}
            <Text className='payment__section'>{t('payment.costs')}</Text>
            <Text className='payment__text'>{s.costs}</Text>
            {s.caveats.length ? (
              <>
                <Text className='payment__section'>{t('payment.caveats')}</Text>
                {s.caveats.map((c, n) => <Text key={n} className='payment__text'>{c}</Text>)}
              </>
            ) : null}
            <Text className='payment__line'>
              {t('payment.source', { name: s.source.name })} · {t('payment.asOf', { date: s.asOf })}
            </Text>
            {s.confidence === 'unverified' ? <Text className='payment__line'>{t('payment.unverified')}</Text> : null}
          </View>
        ))}
      </View>

      {advice?.notHere.length ? (
        <View className='card' id='pay-not-here'>
          <Text className='payment__section'>{t('payment.notHere')}</Text>
          {advice.notHere.map((n) => (
            <Text key={n.id} className='payment__text'>{n.name}: {n.reason}</Text>
          ))}
        </View>
      ) : null}
      <Text className='muted'>{t('payment.disclaimer')}</Text>
    </PageShell>
  );
}
