/** weapp calls the server directly (set TARO_APP_API_BASE at build time; must be an allowed domain in production). */
export const API_BASE: string = process.env.TARO_APP_API_BASE || 'http://127.0.0.1:3000';
