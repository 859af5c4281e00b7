import { useSyncExternalStore } from 'react';
import { getStars, subscribeStars } from '../store/port-stars';

export function usePortStars(): string[] {
  return useSyncExternalStore(subscribeStars, getStars, getStars);
}
