import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from './en.json';
import id from './id.json';

export type Language = 'id' | 'en';
export const LANGUAGES: readonly Language[] = ['id', 'en'];

const STORAGE_KEY = 'balai.language';

/** The language chosen on this PC (kept across restarts), if any. */
export function storedLanguage(): Language | null {
  try {
    const value = window.localStorage.getItem(STORAGE_KEY);
    return value === 'id' || value === 'en' ? value : null;
  } catch {
    return null;
  }
}

/** Switches the UI language, keeps `<html lang>` in step, and remembers the choice on this PC. */
export function applyLanguage(language: Language, remember = true): void {
  void i18n.changeLanguage(language);
  document.documentElement.lang = language;
  if (!remember) return;
  try {
    window.localStorage.setItem(STORAGE_KEY, language);
  } catch {
    // Storage can be off (private window); the choice then lasts until the page reloads.
  }
}

void i18n.use(initReactI18next).init({
  resources: { id: { translation: id }, en: { translation: en } },
  lng: storedLanguage() ?? 'id',
  fallbackLng: 'id',
  initAsync: false,
  interpolation: { escapeValue: false },
});
document.documentElement.lang = i18n.language;

export default i18n;
