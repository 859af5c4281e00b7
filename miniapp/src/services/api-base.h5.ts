/** H5 calls its own origin: the preview server proxies /api to the server. */
export const API_BASE = '';
