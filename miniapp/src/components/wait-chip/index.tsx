import { Text } from '@tarojs/components';
import { waitBand, type WaitDto } from '@bay/shared';
import { usePrefs } from '../../hooks/use-prefs';
import './index.scss';

/**
 * One wait at a glance: direction, minutes and the Hong Kong Immigration Department's band in
 * words and colour (green / amber / red), "est." when it is the weekday × hour estimate, and
 * grey "no data" when nothing is known. Colour is never the only signal.
 */
export default function WaitChip({ wait, id }: { wait: WaitDto; id?: string }) {
  const { t } = usePrefs();
  const band = waitBand(wait.minutes);
  const dir = t(`customs.dirShort.${wait.direction}`);
  let text: string;
  if (wait.minutes === null) text = `${dir} · ${t('customs.noDataShort')}`;
  else if (wait.estimate) text = `${dir} · ${t('customs.estimateShort', { n: wait.minutes })} · ${t(`customs.band.${band}`)}`;
  else text = `${dir} · ${t('customs.waitShort', { n: wait.minutes })} · ${t(`customs.band.${band}`)}`;
  return (
    <Text
      id={id}
      className={`wait-chip wait-chip--${band ?? 'none'}${wait.estimate ? ' wait-chip--estimate' : ''}`}
      data-band={band ?? 'none'}
      data-source={wait.source}
    >
      {text}
      {!wait.estimate && wait.ageMinutes !== null ? <Text className='wait-chip__age'> · {t('customs.ageShort', { n: wait.ageMinutes })}</Text> : null}
    </Text>
  );
}

/** The figure a list shows for one direction: pedestrian when the port has it, else its first mode. */
export function headlineWait(items: WaitDto[], direction: WaitDto['direction']): WaitDto | undefined {
  const mine = items.filter((w) => w.direction === direction);
  return mine.find((w) => w.mode === 'pedestrian') ?? mine[0];
}
