import type { ApplicationDto } from '@bay/shared';

/** The list hands the tapped application to the detail page, which needs no extra call. */
const seen = new Map<string, ApplicationDto>();

export function remember(items: ApplicationDto[]): void {
  items.forEach((a) => seen.set(a.id, a));
}

export function recall(id: string): ApplicationDto | undefined {
  return seen.get(id);
}
