// Implemented per platform: system.weapp.ts, system.h5.ts.
/** The client's language setting as reported (WeChat: zh_CN, zh_HK, zh_TW, en; browser: zh-CN, en-GB ...). */
export declare function systemLanguage(): string | undefined;
/**
 * Elder mode asked for by the environment: weapp, a large WeChat font (getAppBaseInfo);
 * H5, `?elder=1` in the URL (browsers report no font setting). undefined = no signal.
 */
export declare function systemElder(): boolean | undefined;
