import type { Lang } from '@bay/shared';

/*
 * The shell's strings (home grid, cross-scenario search, language and elder-mode notes), under
 * `ui.shell.*`. Kept apart from ui.ts so scenario engineers editing their own strings there and
 * the shell do not collide.
 */
const zhHans = {
  travel: '出行', travelDesc: '跨境交通、港车北上',
  customs: '通关', customsDesc: '口岸开放时间、证件',
  payment: '支付', paymentDesc: '跨境支付、钱包与汇款',
  icon: { travel: '行', customs: '关', payment: '付', telecom: '讯', health: '医', education: '学', stay: '游' },
  search: {
    placeholder: '搜索口岸、职位、支付……', go: '搜索', searching: '正在搜索…', empty: '没有找到相关内容，试试换个说法，或去「问湾事通」',
    group: { kb: '常见问题', jobs: '职位', travel: '出行', customs: '通关', payment: '支付', life: '生活服务' },
  },
  lang: { auto: '跟随微信／系统语言', label: '语言' },
  elderAuto: '已按系统大字体自动开启',
  fallback: {
    shownIn: '暂无当前语言版本，以{{lang}}显示',
  },
};
type ShellCatalog = typeof zhHans;

const zhHant: ShellCatalog = {
  travel: '出行', travelDesc: '跨境交通、港車北上',
  customs: '通關', customsDesc: '口岸開放時間、證件',
  payment: '支付', paymentDesc: '跨境支付、錢包與匯款',
  icon: { travel: '行', customs: '關', payment: '付', telecom: '訊', health: '醫', education: '學', stay: '遊' },
  search: {
    placeholder: '搜尋口岸、職位、支付……', go: '搜尋', searching: '正在搜尋…', empty: '搵唔到相關內容，試下換個講法，或去「問灣事通」',
    group: { kb: '常見問題', jobs: '職位', travel: '出行', customs: '通關', payment: '支付', life: '生活服務' },
  },
  lang: { auto: '跟隨微信／系統語言', label: '語言' },
  elderAuto: '已按系統大字體自動開啟',
  fallback: {
    shownIn: '暫無目前語言版本，以{{lang}}顯示',
  },
};

const en: ShellCatalog = {
  travel: 'Travel', travelDesc: 'Cross-border transport, Northbound Travel',
  customs: 'Customs', customsDesc: 'Control point hours and documents',
  payment: 'Payment', paymentDesc: 'Cross-border payment, wallets, remittance',
  icon: { travel: 'T', customs: 'C', payment: 'P', telecom: 'S', health: 'H', education: 'E', stay: 'V' },
  search: {
    placeholder: 'Search control points, jobs, payment…', go: 'Search', searching: 'Searching…', empty: 'Nothing found. Try other words, or Ask Bay Connect.',
    group: { kb: 'Questions', jobs: 'Jobs', travel: 'Travel', customs: 'Customs', payment: 'Payment', life: 'Living' },
  },
  lang: { auto: 'Following WeChat / device language', label: 'Language' },
  elderAuto: 'Turned on because your system font is large',
  fallback: {
    shownIn: 'Not available in this language; shown in {{lang}}',
  },
};

export const shellCatalogs: Record<Lang, ShellCatalog> = { 'zh-Hans': zhHans, 'zh-Hant': zhHant, en };
