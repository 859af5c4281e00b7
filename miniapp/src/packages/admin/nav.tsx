import Taro from '@tarojs/taro';
import { View } from '@tarojs/components';
import { EMPLOYER_PAGES } from '@bay/shared';
import { usePrefs } from '../../hooks/use-prefs';
import { useSession } from '../../hooks/use-session';
import { routes } from '../../utils/routes';
import './console.scss';

/** Links between the console's sections; broadcasts, failed messages and unanswered questions are for administrators. */
export default function ConsoleNav() {
  const { t } = usePrefs();
  const user = useSession();
  const admin = user?.role === 'admin';
  const link = (id: string, label: string, url: string) => (
    <View id={id} className='chip' onClick={() => void Taro.navigateTo({ url })}>
      {label}
    </View>
  );
  return (
    <View className='console-nav'>
      {admin ? link('admin-nav-dashboard', t('dashboard.nav'), routes.adminDashboard) : null}
      {admin ? link('admin-nav-broadcasts', t('ui.broadcast.nav'), routes.adminBroadcasts) : null}
      {admin ? link('admin-nav-dead', t('ui.broadcast.navDead'), routes.adminDead) : null}
      {link('admin-nav-handoffs', t('ui.broadcast.navHandoffs'), routes.adminHandoffs)}
      {admin ? link('admin-nav-review', t('review.nav'), routes.adminReview) : null}
      {admin ? link('admin-nav-orgs', t('employer.adminOrgs'), `/${EMPLOYER_PAGES.adminOrgs}`) : null}
    </View>
  );
}
