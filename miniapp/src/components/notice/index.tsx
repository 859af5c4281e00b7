import { Text, View } from '@tarojs/components';
import './index.scss';

/** An inline message (errors, empty states) that stays on screen, unlike a toast. */
export default function Notice({ kind = 'info', text, id }: { kind?: 'info' | 'error'; text: string; id?: string }) {
  return (
    <View className={`notice notice--${kind}`} id={id}>
      <Text>{text}</Text>
    </View>
  );
}
