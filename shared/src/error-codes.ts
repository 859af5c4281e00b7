/**
 * Every `error.code` the API answers with: one registry, so a client can switch on a code and a
 * new one cannot appear without a message (`e.<code>`, or the messageKey its thrower passes;
 * shared/src/__tests__/error-codes.test.ts checks the catalogs). The server's AppError takes only these.
 */
export const ERROR_CODES = [
  // Requests
  'validation', 'badJson', 'badEncoding', 'unsupportedMediaType', 'payloadTooLarge', 'rateLimited',
  'unauthenticated', 'forbidden', 'notFound', 'conflict', 'unavailable', 'internal',
  // Applications and Northbound Travel
  'illegalTransition', 'duplicateApplication', 'duplicateNorthbound', 'notEligible',
  // Jobs and employers
  'jobAlertLimit', 'jobClosed', 'jobStateMove', 'alreadyInOrg', 'orgTaken', 'orgMove', 'orgOwnerOnly', 'orgMemberLimit',
  'orgLastOwner', 'noOrganisation', 'inviteInvalid',
  // Bot binding, customs, payment
  'bindCodeInvalid', 'customsFlood', 'customsReportTooSoon', 'rateUnavailable',
  // WeChat sign-in
  'wechatCodeInvalid', 'wechatRateLimited', 'wechatRiskyUser', 'wechatUnavailable',
  // Cross-border identity
  'identityAlreadyLinked', 'identityDenied', 'identityDisabled', 'identityExchangeFailed', 'identityNotLinked',
  'identityPendingExpired', 'identityProviderUnavailable', 'identityStateInvalid',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];
