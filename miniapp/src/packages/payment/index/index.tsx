import { useState } from 'react';
import Taro from '@tarojs/taro';
import { Input, Text, View } from '@tarojs/components';
import { CURRENCIES, type ConvertDto, type Currency } from '@bay/shared';
import PageShell from '../../../components/page-shell';
import Notice from '../../../components/notice';
import ActionButton from '../../../components/action-button';
import { usePrefs } from '../../../hooks/use-prefs';
import { ApiError } from '../../../services/request';
import { ageKey, paymentApi, paymentRoutes } from '../api';
import '../payment.scss';

/**
 * Currency converter (packages/payment/index/index, the home tile's target): CNY, HKD and MOP at
 * the server's stored rates. Every answer shows how old the rate is, warns when it is more than a
 * day old or only a reference rate, and names the rate's source.
 */
export default function PaymentConverter() {
  const { t, lang } = usePrefs();
  const [amount, setAmount] = useState('100');
  const [from, setFrom] = useState<Currency>('HKD');
  const [to, setTo] = useState<Currency>('CNY');
  const [result, setResult] = useState<ConvertDto | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});

  const convert = async () => {
    setBusy(true);
    setError('');
    setFieldErrors({});
    try {
      setResult(await paymentApi.convert(from, to, amount.trim()));
    } catch (e) {
      setResult(null);
      if (e instanceof ApiError && Object.keys(e.fields).length) setFieldErrors(e.fields);
      else setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  const swap = () => {
    setFrom(to);
    setTo(from);
    setResult(null);
  };

  const chips = (value: Currency, set: (c: Currency) => void, prefix: string) => (
    <View className='payment__row'>
      {CURRENCIES.map((c) => (
        <View
          key={c}
          id={`${prefix}-${c}`}
          className={`chip${value === c ? ' chip--active' : ''}`}
          onClick={() => { set(c); setResult(null); }}
        >
          {c} {t(`payment.currencies.${c}`)}
        </View>
      ))}
    </View>
  );

  const age = result ? ageKey(result.ageSeconds) : null;
  const fmt = (n: number) => n.toLocaleString(lang === 'en' ? 'en-US' : 'zh-CN', { maximumFractionDigits: 6 });
  const fieldError = fieldErrors.amount ?? fieldErrors.from ?? fieldErrors.to;

  return (
    <PageShell titleKey='payment.converterTitle' className='payment'>
      <View className='card'>
        <Text className='payment__label'>{t('payment.amount')}</Text>
        <Input
          id='pay-amount'
          className={`input${fieldError ? ' input--invalid' : ''}`}
          type='digit'
          value={amount}
          maxlength={16}
          onInput={(e) => setAmount(e.detail.value)}
          onConfirm={() => void convert()}
        />
        {fieldError ? <Text id='pay-amount-error' className='payment__field-error'>{fieldError}</Text> : null}
        <Text className='payment__label'>{t('payment.from')}</Text>
        {chips(from, setFrom, 'pay-from')}
        <View className='payment__row' style={{ marginTop: '12px' }}>
          <ActionButton id='pay-swap' kind='ghost' small onClick={swap}>⇅ {t('payment.swap')}</ActionButton>
        </View>
        <Text className='payment__label'>{t('payment.to')}</Text>
        {chips(to, setTo, 'pay-to')}
        <View style={{ marginTop: '24px' }}>
          <ActionButton id='pay-convert' busy={busy} onClick={() => void convert()}>{t('payment.convert')}</ActionButton>
        </View>
      </View>

      {error ? <Notice kind='error' text={error} id='pay-error' /> : null}

      {result ? (
        <View className='card' id='pay-result'>
          <Text id='pay-result-text' className='payment__result'>
            {t('payment.result', { amount: fmt(result.amount), from: result.from, result: fmt(result.result), to: result.to })}
          </Text>
          <Text id='pay-rate' className='payment__line'>
            {t('payment.rateLine', { from: result.from, rate: fmt(result.rate), to: result.to })}
            {result.via ? ` · ${t('payment.via', { via: result.via })}` : ''}
          </Text>
          {age ? <Text id='pay-age' className='payment__line'>{t(age.key, { count: age.count })}</Text> : null}
          {result.stale ? <Text id='pay-stale' className='payment__warn'>{t('payment.stale')}</Text> : null}
          {result.reference ? <Text id='pay-reference' className='payment__warn'>{t('payment.reference')}</Text> : null}
          {result.legs.map((leg) => (
            <Text key={`${leg.base}-${leg.quote}`} className='payment__line'>
              {leg.base}→{leg.quote}: {leg.kind === 'peg' ? `${t('payment.peg')} · ` : ''}
              {t('payment.source', { name: leg.source.name })} · {leg.asOf.slice(0, 10)}
            </Text>
          ))}
        </View>
      ) : null}

      <View style={{ marginTop: '24px' }}>
        <ActionButton id='pay-open-advisor' kind='ghost' onClick={() => void Taro.navigateTo({ url: paymentRoutes.advisor() })}>
          {t('payment.advisorTitle')} ›
        </ActionButton>
      </View>
      <Text className='muted'>{t('payment.disclaimer')}</Text>
    </PageShell>
  );
}
