import { useSyncExternalStore } from 'react';
import type { UserDto } from '@bay/shared';
import { getUser, subscribeSession } from '../store/session';

export function useSession(): UserDto | null {
  return useSyncExternalStore(subscribeSession, getUser, getUser);
}
