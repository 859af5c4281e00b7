import type { Lang } from '@bay/shared';

/*
 * The shell's strings (home grid, cross-scenario search, language and elder-mode notes), under
 * `ui.shell.*`. Kept apart from ui.ts so scenario engineers editing their own strings there and
 * the shell do not collide.
 */
const zhHans = {
  scenarios: '服务',
  travel: '出行', travelDesc: '跨境交通、港车北上',
  customs: '通关', customsDesc: '口岸开放时间、证件',
  payment: '支付', paymentDesc: '跨境支付、钱包与汇款',
  jobs: '求职', jobsDesc: '大湾区职位，一键申请',
  ask: '问湾事通', applications: '我的申请', inbox: '消息', me: '我的', admin: '审核后台',
  icon: { travel: '行', customs: '关', payment: '付', jobs: '工', ask: '问', applications: '进', inbox: '信', me: '我', admin: '审' },
  search: {
    placeholder: '搜索口岸、职位、支付……', go: '搜索', searching: '正在搜索…', empty: '没有找到相关内容，试试换个说法，或去「问湾事通」',
    group: { kb: '常见问题', jobs: '职位', travel: '出行', customs: '通关', payment: '支付' },
  },
  lang: { auto: '跟随微信语言', label: '语言' },
  elderAuto: '已按系统大字体自动开启',
  fallback: {
    shownIn: '暂无当前语言版本，以{{lang}}显示',
  },
};
type ShellCatalog = typeof zhHans;

const zhHant: ShellCatalog = {
  scenarios: '服務',
  travel: '出行', travelDesc: '跨境交通、港車北上',
  customs: '通關', customsDesc: '口岸開放時間、證件',
  payment: '支付', paymentDesc: '跨境支付、錢包與匯款',
  jobs: '搵工', jobsDesc: '大灣區職位，一鍵申請',
  ask: '問灣事通', applications: '我的申請', inbox: '訊息', me: '我的', admin: '審核後台',
  icon: { travel: '行', customs: '關', payment: '付', jobs: '工', ask: '問', applications: '進', inbox: '信', me: '我', admin: '審' },
  search: {
    placeholder: '搜尋口岸、職位、支付……', go: '搜尋', searching: '正在搜尋…', empty: '搵唔到相關內容，試下換個講法，或去「問灣事通」',
    group: { kb: '常見問題', jobs: '職位', travel: '出行', customs: '通關', payment: '支付' },
  },
  lang: { auto: '跟隨微信語言', label: '語言' },
  elderAuto: '已按系統大字體自動開啟',
  fallback: {
    shownIn: '暫無目前語言版本，以{{lang}}顯示',
  },
};

const en: ShellCatalog = {
  scenarios: 'Services',
  travel: 'Travel', travelDesc: 'Cross-border transport, Northbound Travel',
  customs: 'Customs', customsDesc: 'Control point hours and documents',
  payment: 'Payment', paymentDesc: 'Cross-border payment, wallets, remittance',
  jobs: 'Jobs', jobsDesc: 'Jobs across the Bay Area, apply in one tap',
  ask: 'Ask', applications: 'My applications', inbox: 'Inbox', me: 'Me', admin: 'Review desk',
  icon: { travel: 'T', customs: 'C', payment: 'P', jobs: 'J', ask: '?', applications: 'A', inbox: 'I', me: 'M', admin: 'R' },
  search: {
    placeholder: 'Search control points, jobs, payment…', go: 'Search', searching: 'Searching…', empty: 'Nothing found. Try other words, or Ask Bay Connect.',
    group: { kb: 'Questions', jobs: 'Jobs', travel: 'Travel', customs: 'Customs', payment: 'Payment' },
  },
  lang: { auto: 'Following WeChat', label: 'Language' },
  elderAuto: 'Turned on because your system font is large',
  fallback: {
    shownIn: 'Not available in this language; shown in {{lang}}',
  },
};

export const shellCatalogs: Record<Lang, ShellCatalog> = { 'zh-Hans': zhHans, 'zh-Hant': zhHant, en };
