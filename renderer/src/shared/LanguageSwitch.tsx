import { useTranslation } from 'react-i18next';
import { useApp } from '../app/context';
import { LANGUAGES, type Language } from '../i18n';

const NAMES: Record<Language, string> = { id: 'Bahasa Indonesia', en: 'English' };

/** Both languages named in their own words, always on screen. */
export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  const { setLanguage } = useApp();
  return (
    <div className="lang-switch" role="group" aria-label={t('language.label')}>
      {LANGUAGES.map((language) => (
        <button
          key={language}
          type="button"
          lang={language}
          className="lang-button"
          aria-pressed={i18n.language === language}
          onClick={() => setLanguage(language)}
        >
          {NAMES[language]}
        </button>
      ))}
    </div>
  );
}
