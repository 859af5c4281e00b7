import { useEffect, type ReactNode } from 'react';
import Taro from '@tarojs/taro';
import { View } from '@tarojs/components';
import { usePrefs } from '../../hooks/use-prefs';
import LangSwitch from '../lang-switch';

interface Props {
  /** i18n key of the navigation-bar title. */
  titleKey: string;
  className?: string;
  /** The language switch on top of the page (default on; every page offers it). */
  langSwitch?: boolean;
  /** Give the switch its element ids (`lang-en` ...): the home only, as ids must stay unique in H5's page stack. */
  langSwitchIds?: boolean;
  children: ReactNode;
}

/**
 * Every page's root. Elder mode is a class here, not on `page`: weapp cannot change the
 * `page` element's class at runtime. It carries the language switch, so every page has one.
 */
export default function PageShell({ titleKey, className, langSwitch = true, langSwitchIds = false, children }: Props) {
  const { lang, elder, t } = usePrefs();
  const title = t(titleKey);
  useEffect(() => {
    void Taro.setNavigationBarTitle({ title }).catch(() => undefined);
  }, [title]);
  const classes = ['page', elder ? 'page--elder' : '', `page--${lang}`, className ?? ''].filter(Boolean).join(' ');
  return (
    <View className={classes}>
      {langSwitch ? <LangSwitch compact withIds={langSwitchIds} /> : null}
      {children}
    </View>
  );
}
