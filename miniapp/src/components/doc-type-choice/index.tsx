import { View } from '@tarojs/components';
import { DOC_TYPES, type DocType } from '@bay/shared';
import { usePrefs } from '../../hooks/use-prefs';

/** The identity-document picker of the application forms (job and Northbound): one radio chip per document type. */
export default function DocTypeChoice({ idPrefix, value, onChange }: { idPrefix: string; value: string | undefined; onChange: (d: DocType) => void }) {
  const { t } = usePrefs();
  return (
    <View id={`${idPrefix}-docType`} className='choice-grid' role='radiogroup'>
      {DOC_TYPES.map((d) => (
        <View
          key={d}
          id={`${idPrefix}-docType-${d}`}
          role='radio'
          aria-checked={value === d}
          className={`choice${value === d ? ' choice--active' : ''}`}
          onClick={() => onChange(d)}
        >
          {t(`docType.${d}`)}
        </View>
      ))}
    </View>
  );
}
