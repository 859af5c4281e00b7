/** This subpackage's pages (app.config.ts: packages/travel). */
export const travelRoutes = {
  finder: '/packages/travel/index/index',
  northbound: '/packages/travel/northbound/index',
} as const;
