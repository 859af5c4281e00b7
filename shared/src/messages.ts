import i18next, { type TFunction } from 'i18next';
import { LANGS, type Lang } from './enums.js';

/**
 * Message catalogs shared by the server (errors), the bot (chat replies) and the
 * mini-program (labels, field errors). Keys: e.* API errors, v.* field validation,
 * status.*, docType.*, city.*, industry.*, bot.*.
 */
const zhHans = {
  e: {
    validation: '提交的内容有误，请检查标出的栏目',
    unauthenticated: '请先登录',
    forbidden: '没有权限执行此操作',
    notFound: '找不到相关内容',
    conflict: '当前状态不允许此操作',
    illegalTransition: '申请不能从「{{from}}」改为「{{to}}」',
    duplicateApplication: '你已申请过这个职位',
    bindCodeInvalid: '绑定码无效、已使用或已过期，请在小程序内重新获取',
    wechatCodeInvalid: '微信登录凭证无效或已过期，请重试',
    wechatRateLimited: '登录过于频繁，请稍后再试',
    wechatRiskyUser: '微信判断此账号存在风险，暂时无法登录',
    wechatUnavailable: '微信登录服务暂时不可用，请稍后再试',
    rateLimited: '请求过于频繁，请稍后再试',
    payloadTooLarge: '提交的内容过大',
    badJson: '请求格式有误',
    unavailable: '服务暂时不可用，请稍后再试',
    internal: '服务出错了，请稍后再试',
  },
  v: {
    required: '必填',
    tooLong: '内容过长',
    id: '编号格式有误',
    lang: '不支持的语言',
    handle: '只能包含小写字母、数字和连字符（3–40 个字符）',
    role: '角色无效',
    city: '城市无效',
    industry: '行业无效',
    number: '请输入数字',
    range: '数值超出范围',
    phone: '请输入有效的手机号码（内地 11 位、香港或澳门 8 位）',
    docType: '请选择证件类型',
    docNumber: {
      hkid: '香港身份证号码无效（请检查括号内的校验码）',
      macao_id: '澳门居民身份证号码格式应为 1234567(8)',
      home_return_permit: '回乡证号码应为 H 或 M 加 8 位数字',
      mainland_id: '居民身份证号码无效（请检查最后一位校验码）',
    },
    status: '状态无效',
    bindCode: '绑定码为 6 位字母或数字',
    unknownField: '不允许的栏目',
    invalid: '内容无效',
  },
  status: {
    submitted: '已提交',
    under_review: '审核中',
    interview: '面试',
    offered: '已录用',
    rejected: '未获录用',
    withdrawn: '已撤回',
  },
  docType: {
    hkid: '香港身份证',
    macao_id: '澳门居民身份证',
    home_return_permit: '回乡证（港澳居民来往内地通行证）',
    mainland_id: '内地居民身份证',
  },
  city: {
    guangzhou: '广州', shenzhen: '深圳', zhuhai: '珠海', foshan: '佛山', huizhou: '惠州', dongguan: '东莞',
    zhongshan: '中山', jiangmen: '江门', zhaoqing: '肇庆', hongkong: '香港', macao: '澳门',
  },
  industry: {
    technology: '科技', finance: '金融', logistics: '物流', manufacturing: '制造', hospitality: '酒店餐饮',
    education: '教育', healthcare: '医疗', retail: '零售', construction: '建筑', public_service: '公共服务',
  },
  bot: {
    bound: '绑定成功！{{name}}，你的申请有任何进展，我会第一时间在这里通知你。',
    bindFailed: '绑定码无效、已使用或已过期。请在湾事通小程序「我的」页面重新获取绑定码。',
    statusUpdate: '【湾事通】你申请的「{{job}}」状态更新：{{status}}{{note}}',
    statusNote: '（备注：{{note}}）',
    openLink: '查看详情：{{link}}',
    help: '你好，我是湾事通助手。在小程序「我的」页面获取 6 位绑定码发给我，即可接收申请进度通知。',
  },
};

type Catalog = typeof zhHans;

const zhHant: Catalog = {
  e: {
    validation: '提交的內容有誤，請檢查標示的欄目',
    unauthenticated: '請先登入',
    forbidden: '沒有權限執行此操作',
    notFound: '找不到相關內容',
    conflict: '目前狀態不容許此操作',
    illegalTransition: '申請不能由「{{from}}」改為「{{to}}」',
    duplicateApplication: '你已申請過這個職位',
    bindCodeInvalid: '綁定碼無效、已使用或已過期，請在小程式內重新取得',
    wechatCodeInvalid: '微信登入憑證無效或已過期，請重試',
    wechatRateLimited: '登入過於頻繁，請稍後再試',
    wechatRiskyUser: '微信判斷此帳號存在風險，暫時無法登入',
    wechatUnavailable: '微信登入服務暫時不可用，請稍後再試',
    rateLimited: '請求過於頻繁，請稍後再試',
    payloadTooLarge: '提交的內容過大',
    badJson: '請求格式有誤',
    unavailable: '服務暫時不可用，請稍後再試',
    internal: '服務出錯了，請稍後再試',
  },
  v: {
    required: '必填',
    tooLong: '內容過長',
    id: '編號格式有誤',
    lang: '不支援的語言',
    handle: '只可包含小寫字母、數字和連字號（3–40 個字元）',
    role: '角色無效',
    city: '城市無效',
    industry: '行業無效',
    number: '請輸入數字',
    range: '數值超出範圍',
    phone: '請輸入有效的手機號碼（內地 11 位、香港或澳門 8 位）',
    docType: '請選擇證件類型',
    docNumber: {
      hkid: '香港身份證號碼無效（請檢查括號內的校驗碼）',
      macao_id: '澳門居民身份證號碼格式應為 1234567(8)',
      home_return_permit: '回鄉證號碼應為 H 或 M 加 8 位數字',
      mainland_id: '居民身份證號碼無效（請檢查最後一位校驗碼）',
    },
    status: '狀態無效',
    bindCode: '綁定碼為 6 位字母或數字',
    unknownField: '不容許的欄目',
    invalid: '內容無效',
  },
  status: {
    submitted: '已提交',
    under_review: '審核中',
    interview: '面試',
    offered: '已獲錄用',
    rejected: '未獲錄用',
    withdrawn: '已撤回',
  },
  docType: {
    hkid: '香港身份證',
    macao_id: '澳門居民身份證',
    home_return_permit: '回鄉證（港澳居民來往內地通行證）',
    mainland_id: '內地居民身份證',
  },
  city: {
    guangzhou: '廣州', shenzhen: '深圳', zhuhai: '珠海', foshan: '佛山', huizhou: '惠州', dongguan: '東莞',
    zhongshan: '中山', jiangmen: '江門', zhaoqing: '肇慶', hongkong: '香港', macao: '澳門',
  },
  industry: {
    technology: '科技', finance: '金融', logistics: '物流', manufacturing: '製造', hospitality: '酒店餐飲',
    education: '教育', healthcare: '醫療', retail: '零售', construction: '建築', public_service: '公共服務',
  },
  bot: {
    bound: '綁定成功！{{name}}，你的申請一有進展，我會第一時間在這裏通知你。',
    bindFailed: '綁定碼無效、已使用或已過期。請在灣事通小程式「我的」頁面重新取得綁定碼。',
    statusUpdate: '【灣事通】你申請的「{{job}}」狀態更新：{{status}}{{note}}',
    statusNote: '（備註：{{note}}）',
    openLink: '查看詳情：{{link}}',
    help: '你好，我是灣事通助手。在小程式「我的」頁面取得 6 位綁定碼發給我，即可接收申請進度通知。',
  },
};

const en: Catalog = {
  e: {
    validation: 'Some fields need your attention',
    unauthenticated: 'Please sign in first',
    forbidden: 'You are not allowed to do this',
    notFound: 'Not found',
    conflict: 'This is not possible in the current state',
    illegalTransition: 'An application cannot move from "{{from}}" to "{{to}}"',
    duplicateApplication: 'You have already applied for this job',
    bindCodeInvalid: 'That bind code is invalid, used or expired. Get a new one in the mini-program.',
    wechatCodeInvalid: 'The WeChat sign-in code is invalid or expired. Please try again.',
    wechatRateLimited: 'Too many sign-in attempts. Please try again shortly.',
    wechatRiskyUser: 'WeChat flagged this account as high-risk; sign-in is blocked for now.',
    wechatUnavailable: 'WeChat sign-in is unavailable right now. Please try again later.',
    rateLimited: 'Too many requests. Please try again shortly.',
    payloadTooLarge: 'The request is too large',
    badJson: 'The request is malformed',
    unavailable: 'The service is temporarily unavailable. Please try again later.',
    internal: 'Something went wrong. Please try again later.',
  },
  v: {
    required: 'Required',
    tooLong: 'Too long',
    id: 'Malformed id',
    lang: 'Unsupported language',
    handle: 'Lower-case letters, digits and hyphens only (3–40 characters)',
    role: 'Invalid role',
    city: 'Invalid city',
    industry: 'Invalid industry',
    number: 'Enter a number',
    range: 'Out of range',
    phone: 'Enter a valid mobile number (11 digits in the mainland, 8 in Hong Kong or Macao)',
    docType: 'Choose a document type',
    docNumber: {
      hkid: 'Invalid HKID number (check the digit in brackets)',
      macao_id: 'A Macao ID number looks like 1234567(8)',
      home_return_permit: 'A Home Return Permit number is H or M followed by 8 digits',
      mainland_id: 'Invalid mainland ID number (check the last character)',
    },
    status: 'Invalid status',
    bindCode: 'A bind code is 6 letters or digits',
    unknownField: 'Field not allowed',
    invalid: 'Invalid value',
  },
  status: {
    submitted: 'Submitted',
    under_review: 'Under review',
    interview: 'Interview',
    offered: 'Offered',
    rejected: 'Not successful',
    withdrawn: 'Withdrawn',
  },
  docType: {
    hkid: 'Hong Kong Identity Card',
    macao_id: 'Macao Resident Identity Card',
    home_return_permit: 'Home Return Permit',
    mainland_id: 'Mainland Resident ID Card',
  },
  city: {
    guangzhou: 'Guangzhou', shenzhen: 'Shenzhen', zhuhai: 'Zhuhai', foshan: 'Foshan', huizhou: 'Huizhou',
    dongguan: 'Dongguan', zhongshan: 'Zhongshan', jiangmen: 'Jiangmen', zhaoqing: 'Zhaoqing',
    hongkong: 'Hong Kong', macao: 'Macao',
  },
  industry: {
    technology: 'Technology', finance: 'Finance', logistics: 'Logistics', manufacturing: 'Manufacturing',
    hospitality: 'Hospitality', education: 'Education', healthcare: 'Healthcare', retail: 'Retail',
    construction: 'Construction', public_service: 'Public service',
  },
  bot: {
    bound: 'Linked! {{name}}, I will tell you here as soon as anything changes on your applications.',
    bindFailed: 'That bind code is invalid, used or expired. Get a new one on the "Me" page of the Bay Connect mini-program.',
    statusUpdate: '[Bay Connect] Your application for "{{job}}" is now: {{status}}{{note}}',
    statusNote: ' (note: {{note}})',
    openLink: 'Details: {{link}}',
    help: 'Hi, I am the Bay Connect assistant. Send me the 6-character bind code from the "Me" page of the mini-program to get updates on your applications.',
  },
};

export const catalogs: Record<Lang, Catalog> = { 'zh-Hans': zhHans, 'zh-Hant': zhHant, en };

const instance = i18next.createInstance();
void instance.init({
  resources: Object.fromEntries(LANGS.map((l) => [l, { translation: catalogs[l] }])),
  lng: 'zh-Hans',
  fallbackLng: ['zh-Hans', 'en'],
  initAsync: false,
  interpolation: { escapeValue: false },
  returnNull: false,
});

const translators = new Map<Lang, TFunction>(LANGS.map((l) => [l, instance.getFixedT(l)]));

/** A translate function for one language: `t('e.notFound')`, `t('bot.bound', { name })`. */
export function translator(lang: Lang): (key: string, params?: Record<string, unknown>) => string {
  const t = translators.get(lang)!;
  return (key, params) => String(t(key, params ?? {}));
}

export function hasMessage(lang: Lang, key: string): boolean {
  return instance.exists(key, { lng: lang });
}
