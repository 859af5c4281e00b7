import { useEffect, type ReactNode } from 'react';
import Taro from '@tarojs/taro';
import { View } from '@tarojs/components';
import { usePrefs } from '../../hooks/use-prefs';

interface Props {
  /** i18n key of the navigation-bar title. */
  titleKey: string;
  className?: string;
  children: ReactNode;
}

/**
 * Every page's root. Elder mode is a class here, not on `page`: weapp cannot change the
 * `page` element's class at runtime.
 */
export default function PageShell({ titleKey, className, children }: Props) {
  const { lang, elder, t } = usePrefs();
  const title = t(titleKey);
  useEffect(() => {
    void Taro.setNavigationBarTitle({ title }).catch(() => undefined);
  }, [title]);
  const classes = ['page', elder ? 'page--elder' : '', `page--${lang}`, className ?? ''].filter(Boolean).join(' ');
  return <View className={classes}>{children}</View>;
}
