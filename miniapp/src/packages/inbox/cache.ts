import type { NoticeDto } from '@bay/shared';

/** The notice list hands the tapped notice to its detail page. */
const seen = new Map<string, NoticeDto>();

export function rememberNotices(items: NoticeDto[]): void {
  items.forEach((n) => seen.set(n.id, n));
}

export function recallNotice(id: string): NoticeDto | undefined {
  return seen.get(id);
}
