import type { KbEntry } from '@bay/shared';

/** A tiny knowledge base for unit tests (the real content lives in server/src/seed/content/kb/*.json). */
const base = { source: { org: { 'zh-Hans': '测试机构', 'zh-Hant': '測試機構', en: 'Test Authority' }, url: 'https://example.gov.hk/page' }, lastVerified: '2026-11-01' };

export const FIXTURE_ENTRIES: KbEntry[] = [
  {
    ...base,
    id: 'hrp-renew',
    topic: 'travel',
    tags: ['回乡证', '续期'],
    questions: {
      'zh-Hans': ['回乡证过期了怎么办', '怎样换领港澳居民来往内地通行证'],
      'zh-Hant': ['回鄉證過期點算', '點樣換領回鄉證'],
      en: ['My Home Return Permit expired, what do I do?', 'How do I renew the Home Return Permit?'],
    },
    answer: {
      'zh-Hans': '回乡证到期前可在香港或澳门的中旅社办理换证，也可在内地公安出入境窗口办理。',
      'zh-Hant': '回鄉證到期前可在香港或澳門的中旅社辦理換證，也可在內地公安出入境窗口辦理。',
      en: 'Renew the Home Return Permit at a CTS branch in Hong Kong or Macao, or at a mainland exit-entry office.',
    },
    link: 'packages/travel/hrp/index',
  },
  {
    ...base,
    id: 'lowu-hours',
    topic: 'customs',
    tags: ['罗湖口岸', '开放时间'],
    questions: {
      'zh-Hans': ['罗湖口岸几点开门', '罗湖口岸开放时间'],
      'zh-Hant': ['羅湖口岸幾點開門', '羅湖口岸開放時間'],
      en: ['What time does Lo Wu control point open?', 'Lo Wu opening hours'],
    },
    answer: {
      'zh-Hans': '罗湖口岸旅检通道每天 6:30 至 24:00 开放。',
      'zh-Hant': '羅湖口岸旅檢通道每日 6:30 至 24:00 開放。',
      en: 'Lo Wu control point is open for passengers daily from 6:30 to 24:00.',
    },
  },
  {
    ...base,
    id: 'northbound-insurance',
    topic: 'travel',
    tags: ['港车北上', '保险'],
    questions: {
      'zh-Hans': ['港车北上需要买什么保险', '港车北上保险'],
      'zh-Hant': ['港車北上要買咩保險', '港車北上保險'],
      en: ['What insurance do I need for Northbound Travel for Hong Kong Vehicles?', 'Northbound travel insurance'],
    },
    answer: {
      'zh-Hans': '港车北上须购买内地交强险，建议同时购买第三者责任险。',
      'zh-Hant': '港車北上須購買內地交強險，建議同時購買第三者責任險。',
      en: 'Vehicles under Northbound Travel need mainland compulsory traffic insurance; third-party cover is advised.',
    },
  },
  {
    ...base,
    id: 'octopus-mainland',
    topic: 'payment',
    tags: ['八达通', '深圳'],
    questions: {
      'zh-Hans': ['八达通可以在深圳用吗', '内地可以用八达通吗'],
      'zh-Hant': ['八達通可以喺深圳用嗎', '內地用唔用得八達通'],
      en: ['Can I use Octopus in Shenzhen?', 'Does Octopus work in the mainland?'],
    },
    answer: {
      'zh-Hans': '实体八达通不能在内地乘车，可在八达通 App 开通内地交通卡服务。',
      'zh-Hant': '實體八達通不能在內地乘車，可在八達通 App 開通內地交通卡服務。',
      en: 'A physical Octopus card does not work on mainland transport; the Octopus app offers a mainland transit card.',
    },
  },
  {
    ...base,
    id: 'medical-insurance-join',
    topic: 'social_insurance',
    tags: ['医保', '参保'],
    questions: {
      'zh-Hans': ['港澳居民怎么参加内地医保', '在内地怎样买医保'],
      'zh-Hant': ['港澳居民點樣參加內地醫保', '喺內地點樣買醫保'],
      en: ['How can Hong Kong residents join mainland medical insurance?', 'Mainland health insurance for HK people'],
    },
    answer: {
      'zh-Hans': '持居住证的港澳居民可在居住地参加城乡居民基本医疗保险。',
      'zh-Hant': '持居住證的港澳居民可在居住地參加城鄉居民基本醫療保險。',
      en: 'Hong Kong and Macao residents holding a residence permit can join the basic medical insurance where they live.',
    },
  },
  {
    ...base,
    id: 'medical-insurance-claim',
    topic: 'social_insurance',
    tags: ['医保', '报销'],
    questions: {
      'zh-Hans': ['医保怎么报销', '医保报销比例'],
      'zh-Hant': ['醫保點樣報銷', '醫保報銷比例'],
      en: ['How do I claim medical insurance?', 'Medical insurance reimbursement rate'],
    },
    answer: {
      'zh-Hans': '在定点医院看病时出示医保电子凭证，报销部分直接结算。',
      'zh-Hant': '在定點醫院看病時出示醫保電子憑證，報銷部分直接結算。',
      en: 'Show your medical insurance e-certificate at a designated hospital; the covered part is settled on the spot.',
    },
  },
];
