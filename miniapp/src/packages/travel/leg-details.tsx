import { Text, View } from '@tarojs/components';
import type { TravelLegDto } from '@bay/shared';
import { usePrefs } from '../../hooks/use-prefs';
import { fareText } from './fare';

const Row = ({ label, text }: { label: string; text: string }) => (
  <View className='travel-row'>
    <Text className='travel-row__label'>{label}</Text>
    <Text>{text}</Text>
  </View>
);

/** Everything about one leg: where, which crossing, hours, tickets, the caveats, source and as-of date. */
export default function LegDetails({ leg, id }: { leg: TravelLegDto; id: string }) {
  const { t } = usePrefs();
  const times = leg.allDay
    ? t('travel.allDay')
    : leg.firstDeparture && leg.lastDeparture
      ? t('travel.firstLast', { first: leg.firstDeparture, last: leg.lastDeparture })
      : '';
  return (
    <View className='travel-leg' id={id}>
      <Text className='travel-leg__title'>
        {t(`travel.mode.${leg.mode}`)} · {leg.operator}
      </Text>
      <Row label={t('travel.departure')} text={leg.departure} />
      <Row label={t('travel.arrival')} text={leg.arrival} />
      <Row label={t('travel.port')} text={leg.port} />
      <Row label={t('travel.hours')} text={[times, leg.hours].filter(Boolean).join(' · ')} />
      <Row label={t('travel.howToBuy')} text={`${fareText(t, leg.fare)} · ${leg.howToBuy}`} />
      <Row label={t('travel.note')} text={leg.note} />
      {leg.confidence === 'unverified' ? <Text className='travel-badge'>{t('travel.unverified')}</Text> : null}
      <Text className='travel-source'>
        {t('travel.source')}: {leg.source.name} · {leg.source.url} · {t('travel.asOf', { date: leg.asOf })}
      </Text>
    </View>
  );
}
