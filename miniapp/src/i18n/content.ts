import { type Lang, type PickedText } from '@bay/shared';

// One pick and one fallback order for every program (shared/src/localised.ts).
export { FALLBACK_ORDER, pickText, type MaybeLocalised, type PickedText } from '@bay/shared';

/** The first fallback among several picks (one note for a card that shows a title and a body). */
export function fallbackOf(...picks: PickedText[]): Lang | undefined {
  return picks.find((p) => p.fallbackFrom)?.fallbackFrom;
}
