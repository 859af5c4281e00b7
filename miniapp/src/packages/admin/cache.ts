import type { ApplicationDto } from '@bay/shared';
import { createHandOff } from '../../utils/hand-off';

/** The review list hands the tapped application to the detail page. */
export const { remember, recall } = createHandOff<ApplicationDto>();
