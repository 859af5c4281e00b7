import type { PropsWithChildren } from 'react';
import { useLaunch } from '@tarojs/taro';
import { signInSilently } from './services/auth';
import './app.scss';

function App({ children }: PropsWithChildren) {
  useLaunch(() => {
    // weapp: a returning resident without a session is signed in with wx.login; H5: no-op.
    void signInSilently();
  });
  return children;
}

export default App;
