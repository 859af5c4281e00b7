import LifePage from '../../../components/life-page';

/** The education scenario (shared/src/life.ts, LIFE_PAGES.education): one LifePage, like the other three life scenarios. */
export default function EducationIndex() {
  return <LifePage scenario='education' />;
}
