// Implemented per platform: subscribe.weapp.ts (wx.requestSubscribeMessage, then the grants are
// reported to the server), subscribe.h5.ts (browsers have no subscribe messages: nothing happens).

/** Loads the template ids ahead of the tap, so the tap itself can ask WeChat at once. */
export declare function prepareSubscribe(): Promise<void>;
/**
 * Call from a user tap (WeChat refuses otherwise). Asks for at most 3 one-time grants and tells
 * the server which were accepted. Never rejects: a refusal or failure must not block the tap.
 */
export declare function askForGrants(): Promise<void>;
