import LifePage from '../../../components/life-page';

/** The health scenario (shared/src/life.ts, LIFE_PAGES.health): one LifePage, like the other three life scenarios. */
export default function HealthIndex() {
  return <LifePage scenario='health' />;
}
