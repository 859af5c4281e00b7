/**
 * A list page hands the item a person tapped to its detail page, which then needs no extra call
 * (the detail still loads it when opened from a link). One store per kind of item, in memory only.
 */
export function createHandOff<T extends { id: string }>() {
  const seen = new Map<string, T>();
  return {
    remember(items: readonly T[]): void {
      items.forEach((item) => seen.set(item.id, item));
    },
    recall(id: string): T | undefined {
      return seen.get(id);
    },
  };
}
