import { SEARCH_GROUPS, type Lang, type SearchGroup, type SearchGroupDto, type SearchHitDto, type SearchResultDto } from '@bay/shared';
import type { Logger } from '../../core/logger.js';

/**
 * One group of the home's cross-scenario search: the scenario's hits for a query, best first, at
 * most `limit`. Built from the scenario's service (search.providers.ts) and handed to the search
 * service where it is created (app.ts); a group without a provider is simply never shown.
 */
export interface SearchProvider {
  group: SearchGroup;
  /**
   * A required provider's failure fails the whole search (the knowledge base and jobs: the page is
   * built around them); any other provider's failure is logged and its group left out.
   */
  required?: boolean;
  search(q: string, lang: Lang, limit: number): Promise<SearchHitDto[]>;
}

export interface SearchDeps {
  providers: readonly SearchProvider[];
  logger: Logger;
}

export function createSearchService({ providers, logger }: SearchDeps) {
  async function hitsOf(provider: SearchProvider, q: string, lang: Lang, limit: number): Promise<[SearchGroup, SearchHitDto[]]> {
    if (provider.required) return [provider.group, await provider.search(q, lang, limit)];
    try {
      return [provider.group, await provider.search(q, lang, limit)];
    } catch (err) {
      logger.warn({ err: err instanceof Error ? { name: err.name, message: err.message } : err, scenario: provider.group }, 'scenario search failed; left out');
      return [provider.group, []];
    }
  }

  /** Grouped hits for one query, in SEARCH_GROUPS order; a group with no hits is left out. */
  async function search(q: string, lang: Lang, limit: number): Promise<SearchResultDto> {
    const found = new Map(await Promise.all(providers.map((p) => hitsOf(p, q, lang, limit))));
    const groups: SearchGroupDto[] = SEARCH_GROUPS.flatMap((group) => {
      const hits = found.get(group) ?? [];
      return hits.length ? [{ group, hits }] : [];
    });
    return { q, lang, groups };
  }

  return { search };
}
export type SearchService = ReturnType<typeof createSearchService>;
