import type { ReactNode } from 'react';
import { Text, View } from '@tarojs/components';
import './index.scss';

interface Props {
  name: string;
  label: string;
  error?: string;
  children: ReactNode;
}

/** A labelled form row; its error text has the stable id `error-<name>`. */
export default function Field({ name, label, error, children }: Props) {
  return (
    <View className={`field${error ? ' field--invalid' : ''}`}>
      <Text className='field__label'>{label}</Text>
      {children}
      {error ? (
        <Text className='field__error' id={`error-${name}`}>
          {error}
        </Text>
      ) : null}
    </View>
  );
}
