import LifePage from '../../../components/life-page';

/** The stay scenario (shared/src/life.ts, LIFE_PAGES.stay): one LifePage, like the other three life scenarios. */
export default function StayIndex() {
  return <LifePage scenario='stay' />;
}
