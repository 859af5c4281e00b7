import { z } from 'zod';
import { localisedText } from './content.js';
import type { JobDto, LocalisedText } from './dto.js';
import { objectId } from './schemas.js';
import { PAGE_PATHS } from './pages.js';

/*
 * Issue 16, the employer side of jobs (粤商通): an organisation account, its members, its jobs and
 * the applicants to them. Messages are i18n keys (messages.ts); UI strings are EMPLOYER_UI.
 */

/** uscc: 统一社会信用代码 (mainland, GB 32100-2015); hkbr: Hong Kong Business Registration number. */
export const ORG_REG_KINDS = ['uscc', 'hkbr'] as const;
export type OrgRegKind = (typeof ORG_REG_KINDS)[number];

/** pending until an admin verifies it; only a verified organisation's open jobs are listed. */
export const ORG_STATUSES = ['pending', 'verified', 'rejected', 'suspended'] as const;
export type OrgStatus = (typeof ORG_STATUSES)[number];
/** What an admin's review may set, from which statuses. */
export const ORG_REVIEW_MOVES: Record<OrgStatus, readonly OrgStatus[]> = {
  pending: ['verified', 'rejected'],
  verified: ['suspended'],
  rejected: ['verified'],
  suspended: ['verified'],
};
export const ORG_DECISIONS = ['verified', 'rejected', 'suspended'] as const;
export type OrgDecision = (typeof ORG_DECISIONS)[number];

/** An owner invites and removes members; both post jobs and handle applicants. */
export const ORG_MEMBER_ROLES = ['owner', 'member'] as const;
export type OrgMemberRole = (typeof ORG_MEMBER_ROLES)[number];
/** Members per organisation. */
export const MAX_ORG_MEMBERS = 50;
/** An invite code works once, within this many hours. */
export const ORG_INVITE_TTL_HOURS = 72;

/** A posting's own state, set by its employer: closed is final. */
export const JOB_STATES = ['open', 'paused', 'closed'] as const;
export type JobState = (typeof JOB_STATES)[number];
export const JOB_STATE_MOVES: Record<JobState, readonly JobState[]> = { open: ['paused', 'closed'], paused: ['open', 'closed'], closed: [] };
export const canMoveJob = (from: JobState, to: JobState): boolean => JOB_STATE_MOVES[from].includes(to);

// ---- registration numbers ----

/** GB 32100-2015: 18 characters from this set (no I, O, S, V, Z); the last is a check character. */
const USCC_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
/** Weight of position i is 3^i mod 31. */
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** Upper case, spaces and dashes removed (a BR certificate number keeps its first 8 digits). */
export function normaliseRegNumber(kind: OrgRegKind, raw: string): string {
  const s = raw.normalize('NFKC').toUpperCase().replace(/[\s-]/g, '');
  // "12345678-000-01-24-5" (certificate no.): the first 8 digits are the business registration number.
  return kind === 'hkbr' && /^\d{15}[0-9A-Z]$/.test(s) ? s.slice(0, 8) : s;
}

/** The check character of GB 32100-2015 (sum of value × weight over the first 17, then 31 − sum mod 31). */
export function isValidUscc(code: string): boolean {
  if (!/^[0-9A-HJ-NPQRTUWXY]{18}$/.test(code)) return false;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += USCC_CHARS.indexOf(code[i]!) * USCC_WEIGHTS[i]!;
  const check = (31 - (sum % 31)) % 31;
  return USCC_CHARS[check] === code[17];
}

/**
 * A Hong Kong business registration number: 8 digits (the first 8 of the certificate number).
 * The Inland Revenue Department publishes no check-digit rule, so only the form is checked.
 */
export const isValidHkBr = (code: string): boolean => /^\d{8}$/.test(code);

export function isValidRegNumber(kind: OrgRegKind, normalised: string): boolean {
  return kind === 'uscc' ? isValidUscc(normalised) : isValidHkBr(normalised);
}

// ---- requests ----

const regNumber = z.strictObject({
  kind: z.enum(ORG_REG_KINDS, { error: 'v.regKind' }),
  number: z.string({ error: 'v.required' }).trim().min(1, { error: 'v.required' }).max(40, { error: 'v.tooLong' }),
}, { error: 'v.required' })
  .transform((r) => ({ kind: r.kind, number: normaliseRegNumber(r.kind, r.number) }))
  .superRefine((r, ctx) => {
    if (!isValidRegNumber(r.kind, r.number)) ctx.addIssue({ code: 'custom', path: ['number'], message: r.kind === 'uscc' ? 'v.uscc' : 'v.hkbr' });
  });

/** POST /api/employer/orgs: a signed-in resident registers an organisation and becomes its owner. */
export const OrgRegisterBody = z.strictObject({ name: localisedText(120), reg: regNumber });
export type OrgRegisterRequest = z.input<typeof OrgRegisterBody>;

/** POST /api/employer/org/invites (an owner) and /api/admin/orgs/:id/invites: a member by default, or a co-owner. */
export const OrgInviteBody = z.strictObject({ role: z.enum(ORG_MEMBER_ROLES, { error: 'v.orgRole' }).default('member') });

/** Invite codes: 8 characters of the bind-code alphabet (no 0/O, 1/I/L). */
export const OrgJoinBody = z.strictObject({
  code: z.string({ error: 'v.required' }).trim().toUpperCase().regex(/^[2-9A-HJKMNP-Z]{8}$/, { error: 'v.inviteCode' }),
});

/** POST /api/admin/orgs/:id/review. A note (shown to the organisation) is required to reject or suspend. */
export const OrgReviewBody = z.strictObject({
  decision: z.enum(ORG_DECISIONS, { error: 'v.orgDecision' }),
  note: z.string({ error: 'v.required' }).trim().max(300, { error: 'v.tooLong' }).optional(),
}).superRefine((v, ctx) => {
  if (v.decision !== 'verified' && !v.note) ctx.addIssue({ code: 'custom', path: ['note'], message: 'v.orgNoteRequired' });
});

export const AdminOrgListQuery = z.strictObject({
  status: z.enum(ORG_STATUSES, { error: 'v.orgStatus' }).optional(),
  cursor: objectId.optional(),
  limit: z.coerce.number({ error: 'v.number' }).int({ error: 'v.number' }).min(1, { error: 'v.range' }).max(100, { error: 'v.range' }).default(50),
});

export const OrgMemberParams = z.strictObject({ userId: objectId });

/** POST /api/employer/jobs/:id/state */
export const JobStateBody = z.strictObject({ state: z.enum(JOB_STATES, { error: 'v.jobState' }) });

// ---- responses ----

export interface OrgMemberDto {
  userId: string;
  nickname?: string;
  role: OrgMemberRole;
  joinedAt: string;
}

export interface OrgDto {
  id: string;
  name: LocalisedText;
  reg: { kind: OrgRegKind; number: string };
  status: OrgStatus;
  /** The last admin decision (its note is shown to the organisation). */
  review?: { decision: OrgDecision; note?: string; at: string };
  members: OrgMemberDto[];
  /** The signed-in member's role (absent in admin views). */
  myRole?: OrgMemberRole;
  jobs?: { open: number; total: number };
  createdAt: string;
}

export interface OrgInviteDto {
  code: string;
  role: OrgMemberRole;
  expiresAt: string;
}

/** An employer's own view of a posting: the public job plus its state and applicant count. */
export interface EmployerJobDto extends JobDto {
  state: JobState;
  /** Shown to residents: open and the organisation verified. */
  live: boolean;
  applicants: number;
}

// ---- paths ----

export const EMPLOYER_API = {
  orgs: '/api/employer/orgs',
  org: '/api/employer/org',
  invites: '/api/employer/org/invites',
  member: (userId: string) => `/api/employer/org/members/${userId}`,
  join: '/api/employer/join',
  jobs: '/api/employer/jobs',
  job: (id: string) => `/api/employer/jobs/${id}`,
  jobState: (id: string) => `/api/employer/jobs/${id}/state`,
  jobApplications: (id: string) => `/api/employer/jobs/${id}/applications`,
  application: (id: string) => `/api/employer/applications/${id}`,
  applicationStatus: (id: string) => `/api/employer/applications/${id}/status`,
  applicationReveal: (id: string) => `/api/employer/applications/${id}/reveal`,
  adminOrgs: '/api/admin/orgs',
  adminOrg: (id: string) => `/api/admin/orgs/${id}`,
  adminOrgReview: (id: string) => `/api/admin/orgs/${id}/review`,
  adminOrgInvites: (id: string) => `/api/admin/orgs/${id}/invites`,
} as const;

/** The employer subpackage's pages. */
export const EMPLOYER_PAGES = {
  org: 'packages/employer/index/index',
  jobs: 'packages/employer/jobs/index',
  job: (id?: string) => (id ? `packages/employer/job/index?id=${id}` : 'packages/employer/job/index'),
  applicants: (jobId: string) => `packages/employer/applicants/index?jobId=${jobId}`,
  applicant: (id: string) => `packages/employer/applicant/index?id=${id}`,
  /** Admin: organisations to verify. */
  adminOrgs: PAGE_PATHS.adminOrgs,
} as const;

// ---- UI strings (messages.ts `employer.*`) ----

export const EMPLOYER_UI = {
  'zh-Hans': {
    title: '企业服务', tile: '企业招聘', tileDesc: '机构认证、发布职位、处理应聘',
    regKind: { uscc: '统一社会信用代码', hkbr: '香港商业登记号码' },
    status: { pending: '待审核', verified: '已认证', rejected: '未通过', suspended: '已暂停' },
    memberRole: { owner: '负责人', member: '成员' },
    jobState: { open: '招聘中', paused: '已暂停', closed: '已结束' },
    register: '登记机构', registerHint: '登记后由管理员核实，认证通过后职位才会公开。',
    name: '机构名称', regNumber: '登记号码', regNumberHint: { uscc: '18 位，含校验位', hkbr: '商业登记证号码的前 8 位数字' },
    submit: '提交', join: '用邀请码加入', inviteCode: '邀请码', members: '成员', invite: '生成邀请码',
    inviteHint: '把邀请码发给同事，{{hours}} 小时内有效，只能用一次。', remove: '移除', reviewNote: '审核意见',
    pendingHint: '机构正在审核，职位暂不公开。', myJobs: '我的职位', newJob: '发布职位', editJob: '编辑职位', save: '保存',
    applicants: '应聘者', applicantsCount: '{{count}} 位应聘者', noJobs: '还没有职位', noApplicants: '还没有人应聘',
    live: '已公开', notLive: '未公开', pause: '暂停招聘', reopen: '恢复招聘', close: '结束招聘', closeConfirm: '结束后不能恢复，确定结束招聘？',
    reveal: '查看完整号码', revealReason: '查看原因（会记录在审计日志）', revealed: '完整号码（已记录）',
    adminOrgs: '机构认证', verify: '认证通过', reject: '不通过', suspend: '暂停', noOrgs: '没有待处理的机构',
    titleField: '职位名称', description: '职位描述', salary: '薪酬', languagesField: '工作语言（用逗号分隔）', openToHkMoField: '欢迎港澳居民',
    // Mini-program pages (packages/employer, packages/admin/orgs).
    icon: '企', regKindLabel: '登记类型', createdAt: '登记于 {{time}}', inviteExpires: '有效期至 {{time}}', you: '（你）',
    removeConfirm: '确定把 {{name}} 移出机构？', jobCounts: '{{open}} 个职位招聘中，共 {{total}} 个', notFound: '找不到这项内容，或它不属于你的机构',
    cityField: '工作城市', districtField: '区域（选填）', industryField: '行业', salaryMinField: '最低薪酬', salaryMaxField: '最高薪酬',
    currencyField: '货币', periodField: '计薪方式', period: { month: '按月', hour: '按小时' }, posted: '职位已发布', saved: '已保存', updated: '已更新',
    reviewNotePh: '不通过或暂停时必填，机构会看到', reviewed: '已处理',
  },
  'zh-Hant': {
    title: '企業服務', tile: '企業招聘', tileDesc: '機構認證、發佈職位、處理應徵',
    regKind: { uscc: '統一社會信用代碼', hkbr: '香港商業登記號碼' },
    status: { pending: '待審核', verified: '已認證', rejected: '未通過', suspended: '已暫停' },
    memberRole: { owner: '負責人', member: '成員' },
    jobState: { open: '招聘中', paused: '已暫停', closed: '已結束' },
    register: '登記機構', registerHint: '登記後由管理員核實，認證通過後職位才會公開。',
    name: '機構名稱', regNumber: '登記號碼', regNumberHint: { uscc: '18 位，含校驗位', hkbr: '商業登記證號碼的首 8 位數字' },
    submit: '提交', join: '用邀請碼加入', inviteCode: '邀請碼', members: '成員', invite: '產生邀請碼',
    inviteHint: '把邀請碼發給同事，{{hours}} 小時內有效，只能用一次。', remove: '移除', reviewNote: '審核意見',
    pendingHint: '機構正在審核，職位暫不公開。', myJobs: '我的職位', newJob: '發佈職位', editJob: '編輯職位', save: '儲存',
    applicants: '應徵者', applicantsCount: '{{count}} 位應徵者', noJobs: '還沒有職位', noApplicants: '還沒有人應徵',
    live: '已公開', notLive: '未公開', pause: '暫停招聘', reopen: '恢復招聘', close: '結束招聘', closeConfirm: '結束後不能恢復，確定結束招聘？',
    reveal: '查看完整號碼', revealReason: '查看原因（會記錄在審計日誌）', revealed: '完整號碼（已記錄）',
    adminOrgs: '機構認證', verify: '認證通過', reject: '不通過', suspend: '暫停', noOrgs: '沒有待處理的機構',
    titleField: '職位名稱', description: '職位描述', salary: '薪酬', languagesField: '工作語言（用逗號分隔）', openToHkMoField: '歡迎港澳居民',
    icon: '企', regKindLabel: '登記類型', createdAt: '登記於 {{time}}', inviteExpires: '有效期至 {{time}}', you: '（你）',
    removeConfirm: '確定把 {{name}} 移出機構？', jobCounts: '{{open}} 個職位招聘中，共 {{total}} 個', notFound: '找不到這項內容，或它不屬於你的機構',
    cityField: '工作城市', districtField: '區域（選填）', industryField: '行業', salaryMinField: '最低薪酬', salaryMaxField: '最高薪酬',
    currencyField: '貨幣', periodField: '計薪方式', period: { month: '按月', hour: '按小時' }, posted: '職位已發佈', saved: '已儲存', updated: '已更新',
    reviewNotePh: '不通過或暫停時必填，機構會看到', reviewed: '已處理',
  },
  en: {
    title: 'For employers', tile: 'Hire', tileDesc: 'Verify your organisation, post jobs, handle applicants',
    regKind: { uscc: 'Unified social credit code', hkbr: 'Hong Kong business registration no.' },
    status: { pending: 'Awaiting review', verified: 'Verified', rejected: 'Not approved', suspended: 'Suspended' },
    memberRole: { owner: 'Owner', member: 'Member' },
    jobState: { open: 'Open', paused: 'Paused', closed: 'Closed' },
    register: 'Register an organisation', registerHint: 'An administrator checks it; your jobs are public once it is verified.',
    name: 'Organisation name', regNumber: 'Registration number', regNumberHint: { uscc: '18 characters including the check character', hkbr: 'The first 8 digits of the BR certificate number' },
    submit: 'Submit', join: 'Join with an invite code', inviteCode: 'Invite code', members: 'Members', invite: 'Create an invite code',
    inviteHint: 'Send the code to a colleague: it works once, within {{hours}} hours.', remove: 'Remove', reviewNote: 'Review note',
    pendingHint: 'Your organisation is being reviewed; its jobs are not public yet.', myJobs: 'My jobs', newJob: 'Post a job', editJob: 'Edit job', save: 'Save',
    applicants: 'Applicants', applicantsCount: '{{count}} applicants', noJobs: 'No jobs yet', noApplicants: 'No applicants yet',
    live: 'Public', notLive: 'Not public', pause: 'Pause', reopen: 'Reopen', close: 'Close', closeConfirm: 'A closed job cannot be reopened. Close it?',
    reveal: 'Show full numbers', revealReason: 'Reason (kept in the audit log)', revealed: 'Full numbers (logged)',
    adminOrgs: 'Organisations', verify: 'Verify', reject: 'Reject', suspend: 'Suspend', noOrgs: 'No organisations waiting',
    titleField: 'Job title', description: 'Description', salary: 'Salary', languagesField: 'Working languages (comma separated)', openToHkMoField: 'Open to Hong Kong and Macao residents',
    icon: 'E', regKindLabel: 'Registration type', createdAt: 'Registered {{time}}', inviteExpires: 'Valid until {{time}}', you: ' (you)',
    removeConfirm: 'Remove {{name}} from the organisation?', jobCounts: '{{open}} open of {{total}} jobs', notFound: 'Not found, or not your organisation\'s',
    cityField: 'City', districtField: 'District (optional)', industryField: 'Industry', salaryMinField: 'Salary from', salaryMaxField: 'Salary up to',
    currencyField: 'Currency', periodField: 'Paid by', period: { month: 'Month', hour: 'Hour' }, posted: 'Job posted', saved: 'Saved', updated: 'Updated',
    reviewNotePh: 'Required to reject or suspend; the organisation sees it', reviewed: 'Done',
  },
};

/** API errors (messages.ts `e.*`). */
export const EMPLOYER_E = {
  'zh-Hans': {
    noOrganisation: '你还不是任何机构的成员', alreadyInOrg: '你已经是一个机构的成员', orgTaken: '这个登记号码已有机构登记',
    inviteInvalid: '邀请码无效、已使用或已过期', orgMemberLimit: '机构成员已满 {{max}} 人', orgOwnerOnly: '只有机构负责人可以这样做',
    orgLastOwner: '机构至少要有一位负责人', orgMove: '机构现在是「{{from}}」，不能改为「{{to}}」', jobStateMove: '职位现在是「{{from}}」，不能改为「{{to}}」',
    jobClosed: '这个职位已结束招聘，不能再修改',
  },
  'zh-Hant': {
    noOrganisation: '你還不是任何機構的成員', alreadyInOrg: '你已經是一個機構的成員', orgTaken: '這個登記號碼已有機構登記',
    inviteInvalid: '邀請碼無效、已使用或已過期', orgMemberLimit: '機構成員已滿 {{max}} 人', orgOwnerOnly: '只有機構負責人可以這樣做',
    orgLastOwner: '機構至少要有一位負責人', orgMove: '機構現在是「{{from}}」，不能改為「{{to}}」', jobStateMove: '職位現在是「{{from}}」，不能改為「{{to}}」',
    jobClosed: '這個職位已結束招聘，不能再修改',
  },
  en: {
    noOrganisation: 'You are not a member of an organisation', alreadyInOrg: 'You are already a member of an organisation', orgTaken: 'An organisation with this registration number is already registered',
    inviteInvalid: 'This invite code is wrong, used or expired', orgMemberLimit: 'The organisation already has {{max}} members', orgOwnerOnly: 'Only an owner of the organisation can do this',
    orgLastOwner: 'An organisation needs at least one owner', orgMove: 'The organisation is "{{from}}" and cannot become "{{to}}"', jobStateMove: 'The job is "{{from}}" and cannot become "{{to}}"',
    jobClosed: 'This job is closed and can no longer be changed',
  },
};

/** Field errors (messages.ts `v.*`). */
export const EMPLOYER_V = {
  'zh-Hans': {
    regKind: '请选择登记号码类型', uscc: '统一社会信用代码应为 18 位，且校验位正确', hkbr: '商业登记号码应为 8 位数字',
    orgRole: '成员角色无效', inviteCode: '邀请码应为 8 位字母或数字', orgDecision: '审核结果无效', orgNoteRequired: '不通过或暂停时请写明原因',
    orgStatus: '机构状态无效', jobState: '职位状态无效',
  },
  'zh-Hant': {
    regKind: '請選擇登記號碼類型', uscc: '統一社會信用代碼應為 18 位，且校驗位正確', hkbr: '商業登記號碼應為 8 位數字',
    orgRole: '成員角色無效', inviteCode: '邀請碼應為 8 位字母或數字', orgDecision: '審核結果無效', orgNoteRequired: '不通過或暫停時請寫明原因',
    orgStatus: '機構狀態無效', jobState: '職位狀態無效',
  },
  en: {
    regKind: 'Choose the kind of registration number', uscc: 'A unified social credit code has 18 characters and a matching check character', hkbr: 'A business registration number is 8 digits',
    orgRole: 'Invalid member role', inviteCode: 'An invite code is 8 letters or digits', orgDecision: 'Invalid decision', orgNoteRequired: 'Give a reason to reject or suspend',
    orgStatus: 'Invalid organisation status', jobState: 'Invalid job state',
  },
};
