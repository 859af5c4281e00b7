import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import PageShell from '../../components/page-shell';
import SignInPanel from '../../components/sign-in-panel';
import { usePrefs } from '../../hooks/use-prefs';
import { routes } from '../../utils/routes';
import './index.scss';

export default function Login() {
  const { t } = usePrefs();

  // Back to where the resident was (that page reloads on show); the home page otherwise.
  const done = () => {
    if (Taro.getCurrentPages().length > 1) void Taro.navigateBack();
    else void Taro.reLaunch({ url: routes.home });
  };

  return (
    <PageShell titleKey='ui.login.title' className='login'>
      <View className='card'>
        <Text className='h1'>{t('ui.login.title')}</Text>
        <SignInPanel onSignedIn={done} />
      </View>
    </PageShell>
  );
}
