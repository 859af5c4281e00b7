import Taro from '@tarojs/taro';
import type { SessionDto, UserDto } from '@bay/shared';

/* The signed-in session, persisted so a restart keeps the resident signed in. */
const TOKEN_KEY = 'bay.token';
const USER_KEY = 'bay.user';

let user: UserDto | null | undefined;
const listeners = new Set<() => void>();

export function getToken(): string | null {
  return (Taro.getStorageSync(TOKEN_KEY) as string) || null;
}

export function getUser(): UserDto | null {
  if (user === undefined) user = (Taro.getStorageSync(USER_KEY) as UserDto) || null;
  return user;
}

export function subscribeSession(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function notify(): void {
  listeners.forEach((l) => l());
}

export function saveSession(session: SessionDto): void {
  Taro.setStorageSync(TOKEN_KEY, session.token);
  saveUser(session.user);
}

export function saveUser(next: UserDto): void {
  Taro.setStorageSync(USER_KEY, next);
  user = next;
  notify();
}

export function clearSession(): void {
  Taro.removeStorageSync(TOKEN_KEY);
  Taro.removeStorageSync(USER_KEY);
  user = null;
  notify();
}

export function isReviewer(u: UserDto | null): boolean {
  return u?.role === 'reviewer' || u?.role === 'admin';
}

export function resetSessionForTests(): void {
  user = undefined;
}
