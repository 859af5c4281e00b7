import Taro from '@tarojs/taro';

/*
 * Whether the signed-in account has a linked verified identity, remembered per account so the
 * application form can offer "fill from verified identity" without asking the server first.
 * Written by the Me and consent pages whenever they learn the answer.
 */
const KEY = 'bay.identityLinked';

export function isIdentityLinked(userId: string | undefined): boolean {
  if (!userId) return false;
  const stored = Taro.getStorageSync(KEY) as { userId?: string; linked?: boolean } | '';
  return !!stored && stored.userId === userId && stored.linked === true;
}

export function rememberIdentityLinked(userId: string, linked: boolean): void {
  Taro.setStorageSync(KEY, { userId, linked });
}
