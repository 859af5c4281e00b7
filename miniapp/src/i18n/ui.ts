import type { Lang } from '@bay/shared';

/*
 * Strings only the mini-program shows (labels, buttons, hints). Shared wording (statuses,
 * cities, document types, validation and API errors) comes from the @bay/shared catalogs.
 */
const zhHans = {
  brand: '湾事通',
  tagline: '大湾区跨境生活一站式服务',
  langName: '简体',
  home: {
    icon: { jobs: '工', applications: '进', me: '绑', admin: '审', ask: '问' },
    jobs: '找工作', jobsDesc: '大湾区 11 城职位，一键申请',
    applications: '我的申请', applicationsDesc: '查看进度与时间线',
    me: '我的', meDesc: '绑定湾事通微信助手，接收进度通知',
    admin: '审核后台', adminDesc: '处理求职申请',
    ask: '问湾事通', askDesc: '出行、通关、支付、求职等问题，直接问',
    signIn: '登录', signedInAs: '已登录：{{name}}', signedOut: '尚未登录',
    language: '语言', elder: '长者模式', elderHint: '大字体、高对比度',
  },
  login: {
    title: '登录湾事通', handle: '演示账号', role: '身份', resident: '居民', reviewer: '审核员',
    submit: '登录', wechat: '微信一键登录', devHint: '开发环境登录（仅用于预览与测试）',
    wechatHint: '使用微信身份登录，我们不会获取你的手机号。',
  },
  jobs: {
    title: '职位', allCities: '全部', loadMore: '加载更多', noMore: '没有更多了', empty: '暂无职位',
    perMonth: '/月', perHour: '/小时', apply: '申请这个职位', openToHkMo: '欢迎港澳居民',
    languages: '工作语言', description: '职位描述', industry: '行业',
  },
  apply: {
    title: '申请职位', name: '姓名', phone: '手机号码', docType: '证件类型', docNumber: '证件号码', resume: '个人简介',
    namePh: '与证件一致的姓名', phonePh: '例如 91234567 或 13812345678', docNumberPh: '例如 A123456(3)',
    resumePh: '工作经历、技能、可到岗时间（2000 字以内）', submit: '提交申请', submitting: '提交中…',
    privacy: '证件号码只用于核验身份，页面上只显示后 4 位。',
  },
  apps: {
    title: '我的申请', empty: '你还没有申请任何职位', detail: '申请详情', timeline: '进度',
    current: '当前状态', withdraw: '撤回申请', withdrawConfirm: '确定撤回这份申请？撤回后不能恢复。',
    submittedAt: '提交于 {{time}}', by: { resident: '本人', reviewer: '审核员', system: '系统' },
    applicant: '申请人', document: '证件',
  },
  me: {
    title: '我的', bound: '已绑定湾事通微信助手', notBound: '尚未绑定微信助手',
    boundHint: '申请有新进展时，助手会在微信里通知你。', getCode: '获取绑定码', newCode: '重新获取',
    codeHint: '在微信里把这个绑定码发给「湾事通」助手即可完成绑定。',
    expiresIn: '{{time}} 后失效', expired: '绑定码已失效，请重新获取', signOut: '退出登录',
    role: { resident: '居民', reviewer: '审核员', admin: '管理员' },
  },
  admin: {
    title: '审核后台', all: '全部', empty: '没有符合条件的申请', note: '备注（选填）', notePh: '会随状态通知发送给申请人',
    moveTo: '改为「{{status}}」', final: '这份申请已结束，不能再更改状态。', updated: '状态已更新',
  },
  identity: {
    title: '跨境身份认证', start: '使用跨境身份认证',
    intro: '通过本服务运营方配置的 OpenID Connect 身份提供方核实你的港澳身份资料，申请时可一键填写并标记为已认证。只保存你同意分享的栏目。',
    notOfficial: '这不是「智方便」官方接入，而是运营方配置的 OpenID Connect 身份提供方。',
    linked: '已关联已认证身份', linkedAt: '关联于 {{time}}', from: '来源：{{issuer}}',
    unlink: '解除关联并删除我的资料', unlinkConfirm: '解除关联后，我们会删除保存的全部已认证资料，无法恢复。确定继续？',
    unlinked: '已解除关联，资料已删除', copied: '认证链接已复制，请在浏览器中打开并完成认证',
    consentTitle: '确认分享的资料', consentIntro: '以下资料已由身份提供方核实。勾选你同意湾事通保存、并用于填写申请的栏目：',
    accept: '同意并关联', decline: '不同意', declined: '已拒绝，未保存任何资料', accepted: '已关联已认证身份',
    chooseOne: '请至少勾选一项', missing: '找不到这次认证，请重新开始认证',
    prefill: '用已认证身份填写', verified: '已认证', prefilled: '已填入已认证资料，修改后将不再标记为已认证',
  },
  ask: {
    title: '问湾事通', placeholder: '输入你的问题，例如：回乡证过期怎么办', send: '发送', thinking: '正在查找答案…',
    empty: '出行、通关、支付、求职、医疗、社保……直接问我，我会附上官方来源。', quickTitle: '大家常问',
    quick: ['罗湖口岸几点开门', '回乡证过期怎么办', '港车北上要买什么保险', '香港人在深圳怎么交社保'],
    source: '来源：{{org}}', details: '查看详情', pick: '你想问的是：', copied: '链接已复制，可在浏览器打开',
  },
  common: {
    loading: '加载中…', retry: '重试', confirm: '确定', cancel: '取消', refreshed: '已刷新',
    networkError: '网络连接失败，请检查网络后重试', unknownError: '出错了，请稍后再试', back: '返回',
  },
};

type UiCatalog = typeof zhHans;

const zhHant: UiCatalog = {
  brand: '灣事通',
  tagline: '大灣區跨境生活一站式服務',
  langName: '繁體',
  home: {
    icon: { jobs: '工', applications: '進', me: '綁', admin: '審', ask: '問' },
    jobs: '搵工', jobsDesc: '大灣區 11 城職位，一按申請',
    applications: '我的申請', applicationsDesc: '查看進度與時間線',
    me: '我的', meDesc: '綁定灣事通微信助手，接收進度通知',
    admin: '審核後台', adminDesc: '處理求職申請',
    ask: '問灣事通', askDesc: '出行、通關、支付、搵工等問題，直接問',
    signIn: '登入', signedInAs: '已登入：{{name}}', signedOut: '尚未登入',
    language: '語言', elder: '長者模式', elderHint: '大字體、高對比度',
  },
  login: {
    title: '登入灣事通', handle: '示範帳號', role: '身份', resident: '居民', reviewer: '審核員',
    submit: '登入', wechat: '微信一鍵登入', devHint: '開發環境登入（只供預覽及測試）',
    wechatHint: '使用微信身份登入，我們不會取得你的手機號碼。',
  },
  jobs: {
    title: '職位', allCities: '全部', loadMore: '載入更多', noMore: '沒有更多了', empty: '暫無職位',
    perMonth: '/月', perHour: '/小時', apply: '申請這個職位', openToHkMo: '歡迎港澳居民',
    languages: '工作語言', description: '職位描述', industry: '行業',
  },
  apply: {
    title: '申請職位', name: '姓名', phone: '手機號碼', docType: '證件類型', docNumber: '證件號碼', resume: '個人簡介',
    namePh: '與證件相同的姓名', phonePh: '例如 91234567 或 13812345678', docNumberPh: '例如 A123456(3)',
    resumePh: '工作經驗、技能、可上班日期（2000 字以內）', submit: '遞交申請', submitting: '遞交中…',
    privacy: '證件號碼只用於核實身份，頁面上只顯示最後 4 位。',
  },
  apps: {
    title: '我的申請', empty: '你還沒有申請任何職位', detail: '申請詳情', timeline: '進度',
    current: '目前狀態', withdraw: '撤回申請', withdrawConfirm: '確定撤回這份申請？撤回後不能恢復。',
    submittedAt: '遞交於 {{time}}', by: { resident: '本人', reviewer: '審核員', system: '系統' },
    applicant: '申請人', document: '證件',
  },
  me: {
    title: '我的', bound: '已綁定灣事通微信助手', notBound: '尚未綁定微信助手',
    boundHint: '申請有新進展時，助手會在微信通知你。', getCode: '取得綁定碼', newCode: '重新取得',
    codeHint: '在微信把這個綁定碼發給「灣事通」助手即可完成綁定。',
    expiresIn: '{{time}} 後失效', expired: '綁定碼已失效，請重新取得', signOut: '登出',
    role: { resident: '居民', reviewer: '審核員', admin: '管理員' },
  },
  admin: {
    title: '審核後台', all: '全部', empty: '沒有符合條件的申請', note: '備註（選填）', notePh: '會隨狀態通知發送給申請人',
    moveTo: '改為「{{status}}」', final: '這份申請已完結，不能再更改狀態。', updated: '狀態已更新',
  },
  identity: {
    title: '跨境身份認證', start: '使用跨境身份認證',
    intro: '透過本服務營運方設定的 OpenID Connect 身份提供者核實你的港澳身份資料，申請時可一按填寫並標示為已認證。只保存你同意分享的欄目。',
    notOfficial: '這不是「智方便」官方接入，而是營運方設定的 OpenID Connect 身份提供者。',
    linked: '已連結已認證身份', linkedAt: '連結於 {{time}}', from: '來源：{{issuer}}',
    unlink: '解除連結並刪除我的資料', unlinkConfirm: '解除連結後，我們會刪除保存的全部已認證資料，無法恢復。確定繼續？',
    unlinked: '已解除連結，資料已刪除', copied: '認證連結已複製，請在瀏覽器開啟並完成認證',
    consentTitle: '確認分享的資料', consentIntro: '以下資料已由身份提供者核實。剔選你同意灣事通保存、並用於填寫申請的欄目：',
    accept: '同意並連結', decline: '不同意', declined: '已拒絕，沒有保存任何資料', accepted: '已連結已認證身份',
    chooseOne: '請最少剔選一項', missing: '找不到這次認證，請重新開始認證',
    prefill: '用已認證身份填寫', verified: '已認證', prefilled: '已填入已認證資料，修改後將不再標示為已認證',
  },
  ask: {
    title: '問灣事通', placeholder: '輸入你的問題，例如：回鄉證過期點算', send: '發送', thinking: '正在搵答案…',
    empty: '出行、通關、支付、搵工、醫療、社保……直接問我，我會附上官方來源。', quickTitle: '大家常問',
    quick: ['羅湖口岸幾點開門', '回鄉證過期點算', '港車北上要買咩保險', '香港人喺深圳點樣交社保'],
    source: '來源：{{org}}', details: '查看詳情', pick: '你想問的是：', copied: '連結已複製，可在瀏覽器開啟',
  },
  common: {
    loading: '載入中…', retry: '重試', confirm: '確定', cancel: '取消', refreshed: '已更新',
    networkError: '網絡連線失敗，請檢查網絡後重試', unknownError: '出錯了，請稍後再試', back: '返回',
  },
};

const en: UiCatalog = {
  brand: 'Bay Connect',
  tagline: 'Cross-border life in the Greater Bay Area, in one place',
  langName: 'English',
  home: {
    icon: { jobs: 'J', applications: 'A', me: 'M', admin: 'R', ask: '?' },
    jobs: 'Find a job', jobsDesc: 'Jobs in all 11 Bay Area cities',
    applications: 'My applications', applicationsDesc: 'Progress and timeline',
    me: 'Me', meDesc: 'Link the Bay Connect WeChat assistant for updates',
    admin: 'Review desk', adminDesc: 'Process job applications',
    ask: 'Ask Bay Connect', askDesc: 'Travel, customs, payment, jobs: just ask',
    signIn: 'Sign in', signedInAs: 'Signed in: {{name}}', signedOut: 'Not signed in',
    language: 'Language', elder: 'Elder mode', elderHint: 'Large text, high contrast',
  },
  login: {
    title: 'Sign in to Bay Connect', handle: 'Demo account', role: 'Role', resident: 'Resident', reviewer: 'Reviewer',
    submit: 'Sign in', wechat: 'Sign in with WeChat', devHint: 'Development sign-in (preview and tests only)',
    wechatHint: 'Sign in with your WeChat identity; we never read your phone number.',
  },
  jobs: {
    title: 'Jobs', allCities: 'All', loadMore: 'Load more', noMore: 'No more jobs', empty: 'No jobs yet',
    perMonth: '/month', perHour: '/hour', apply: 'Apply for this job', openToHkMo: 'Open to HK & Macao residents',
    languages: 'Working languages', description: 'About the job', industry: 'Industry',
  },
  apply: {
    title: 'Apply', name: 'Full name', phone: 'Mobile number', docType: 'Identity document', docNumber: 'Document number', resume: 'About you',
    namePh: 'As shown on your document', phonePh: 'e.g. 91234567 or 13812345678', docNumberPh: 'e.g. A123456(3)',
    resumePh: 'Experience, skills, when you can start (up to 2000 characters)', submit: 'Submit application', submitting: 'Submitting…',
    privacy: 'Your document number is used only to verify you; we show only its last 4 characters.',
  },
  apps: {
    title: 'My applications', empty: 'You have not applied for any job yet', detail: 'Application', timeline: 'Progress',
    current: 'Current status', withdraw: 'Withdraw application', withdrawConfirm: 'Withdraw this application? This cannot be undone.',
    submittedAt: 'Submitted {{time}}', by: { resident: 'You', reviewer: 'Reviewer', system: 'System' },
    applicant: 'Applicant', document: 'Document',
  },
  me: {
    title: 'Me', bound: 'Linked to the Bay Connect WeChat assistant', notBound: 'WeChat assistant not linked yet',
    boundHint: 'The assistant messages you in WeChat when an application moves on.', getCode: 'Get bind code', newCode: 'Get a new code',
    codeHint: 'Send this code to the "Bay Connect" assistant in WeChat to link it.',
    expiresIn: 'Expires in {{time}}', expired: 'This code has expired. Get a new one.', signOut: 'Sign out',
    role: { resident: 'Resident', reviewer: 'Reviewer', admin: 'Administrator' },
  },
  admin: {
    title: 'Review desk', all: 'All', empty: 'No applications match', note: 'Note (optional)', notePh: 'Sent to the applicant with the update',
    moveTo: 'Move to "{{status}}"', final: 'This application is closed; its status cannot change.', updated: 'Status updated',
  },
  identity: {
    title: 'Cross-border identity', start: 'Verify with cross-border identity',
    intro: 'Verify your Hong Kong or Macao identity through the OpenID Connect identity provider configured by the operator of this service, then fill applications in one tap, marked as verified. Only the fields you agree to share are kept.',
    notOfficial: 'This is not an official iAM Smart integration; it is an OpenID Connect identity provider configured by the operator.',
    linked: 'Verified identity linked', linkedAt: 'Linked {{time}}', from: 'From: {{issuer}}',
    unlink: 'Unlink and delete my data', unlinkConfirm: 'Unlinking deletes all the verified details we keep, and cannot be undone. Continue?',
    unlinked: 'Unlinked; your data was deleted', copied: 'Verification link copied: open it in your browser to finish',
    consentTitle: 'Confirm what you share', consentIntro: 'The identity provider verified the details below. Tick the ones Bay Connect may keep and use to fill your applications:',
    accept: 'Agree and link', decline: 'Decline', declined: 'Declined; nothing was kept', accepted: 'Verified identity linked',
    chooseOne: 'Tick at least one', missing: 'This verification was not found. Please start again.',
    prefill: 'Fill from verified identity', verified: 'Verified', prefilled: 'Verified details filled in; a field you change is no longer marked verified',
  },
  ask: {
    title: 'Ask Bay Connect', placeholder: 'Type your question, e.g. my Home Return Permit expired', send: 'Send', thinking: 'Looking for the answer…',
    empty: 'Travel, customs, payment, jobs, healthcare, social insurance… ask me anything; I cite official sources.', quickTitle: 'Popular questions',
    quick: ['When does Lo Wu open?', 'My Home Return Permit expired', 'Insurance for Northbound Travel', 'Social insurance in Shenzhen for Hong Kong people'],
    source: 'Source: {{org}}', details: 'Details', pick: 'Did you mean:', copied: 'Link copied: open it in your browser',
  },
  common: {
    loading: 'Loading…', retry: 'Retry', confirm: 'OK', cancel: 'Cancel', refreshed: 'Refreshed',
    networkError: 'Network error. Check your connection and try again.', unknownError: 'Something went wrong. Please try again.', back: 'Back',
  },
};

export const uiCatalogs: Record<Lang, UiCatalog> = { 'zh-Hans': zhHans, 'zh-Hant': zhHant, en };
