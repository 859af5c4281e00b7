import Taro from '@tarojs/taro';
import { CUSTOMS_API, PORT_STARS_MAX, type PortStarsDto } from '@bay/shared';
import { request } from '../services/request';
import { getToken } from './session';

/*
 * The ports a resident starred. Signed in, the list lives on the server (one per resident,
 * so it follows them to another phone) and a copy is kept in storage; signed out, storage only.
 * The first time a signed-in resident with no stars on the server loads them, stars made on
 * this device before signing in are carried over. A small external store, like prefs.
 */
const KEY = 'bay.customs.stars';
const CARRIED_KEY = 'bay.customs.stars.carried';

function loadLocal(): string[] {
  const saved = Taro.getStorageSync(KEY) as unknown;
  return Array.isArray(saved) ? saved.filter((x): x is string => typeof x === 'string').slice(0, PORT_STARS_MAX) : [];
}

let stars: string[] | null = null;
const listeners = new Set<() => void>();

export function getStars(): string[] {
  if (!stars) stars = loadLocal();
  return stars;
}

export function subscribeStars(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function set(next: string[]): void {
  stars = next;
  Taro.setStorageSync(KEY, next);
  listeners.forEach((l) => l());
}

/** Loads the resident's stars from the server (signed in); keeps the device's list when the server cannot be reached. */
export async function refreshStars(): Promise<void> {
  if (!getToken()) return;
  try {
    const { portIds } = await request<PortStarsDto>(CUSTOMS_API.stars);
    const local = getStars();
    if (!portIds.length && local.length && !Taro.getStorageSync(CARRIED_KEY)) {
      Taro.setStorageSync(CARRIED_KEY, true);
      const saved = await request<PortStarsDto>(CUSTOMS_API.stars, { method: 'PUT', body: { portIds: local } });
      set(saved.portIds);
      return;
    }
    Taro.setStorageSync(CARRIED_KEY, true);
    set(portIds);
  } catch {
    // Offline or the server refused: the device's copy stays.
  }
}

/**
 * Stars or unstars a port at once (the list re-sorts immediately), then saves. Answers where it
 * was saved: 'account', 'device' (signed out) or 'device-only' (the account save failed).
 */
export async function toggleStar(portId: string): Promise<'account' | 'device' | 'device-only'> {
  const current = getStars();
  const next = current.includes(portId) ? current.filter((id) => id !== portId) : [...current, portId].slice(-PORT_STARS_MAX);
  set(next);
  if (!getToken()) return 'device';
  try {
    const saved = await request<PortStarsDto>(CUSTOMS_API.stars, { method: 'PUT', body: { portIds: next } });
    set(saved.portIds);
    return 'account';
  } catch {
    return 'device-only';
  }
}
