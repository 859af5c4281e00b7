import type { ReactNode } from 'react';
import { View } from '@tarojs/components';

interface Props {
  id?: string;
  kind?: 'primary' | 'danger' | 'ghost';
  small?: boolean;
  busy?: boolean;
  disabled?: boolean;
  onClick: () => void;
  children: ReactNode;
}

/**
 * A tappable View rather than Taro's Button: on H5 the Button web component rewrites its own
 * children when `loading` changes, which clashes with React updating the label.
 */
export default function ActionButton({ id, kind = 'primary', small, busy, disabled, onClick, children }: Props) {
  const off = Boolean(busy || disabled);
  const classes = ['btn', `btn--${kind}`, small ? 'btn--small' : '', off ? 'btn--disabled' : ''].filter(Boolean).join(' ');
  return (
    <View
      id={id}
      className={classes}
      hoverClass={off ? 'none' : 'btn--pressed'}
      role='button'
      aria-disabled={off}
      aria-busy={Boolean(busy)}
      onClick={() => {
        if (!off) onClick();
      }}
    >
      {children}
    </View>
  );
}
