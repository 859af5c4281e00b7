import LifePage from '../../../components/life-page';

/** The telecom scenario (shared/src/life.ts, LIFE_PAGES.telecom): one LifePage, like the other three life scenarios. */
export default function TelecomIndex() {
  return <LifePage scenario='telecom' />;
}
