import type { NoticeDto } from '@bay/shared';
import { createHandOff } from '../../utils/hand-off';

/** The notice list hands the tapped notice to its detail page. */
export const { remember: rememberNotices, recall: recallNotice } = createHandOff<NoticeDto>();
