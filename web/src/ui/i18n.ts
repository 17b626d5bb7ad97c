// Strings through i18next: Vietnamese is the source language, English the toggle; the choice is remembered
// (localStorage, and a `lang` cookie so that the server's public pages answer in it too).
import i18next from 'i18next';
import { initReactI18next, useTranslation } from 'react-i18next';
import { vi } from './strings.vi.ts';
import { en } from './strings.en.ts';

export type Lang = 'vi' | 'en';
const STORE = 'postcore.lang';

export function savedLang(): Lang {
  try {
    const v = localStorage.getItem(STORE);
    if (v === 'vi' || v === 'en') return v;
  } catch {
    // storage can be off: Vietnamese then
  }
  const c = /(?:^|;\s*)lang=(vi|en)/.exec(document.cookie);
  return (c?.[1] as Lang | undefined) ?? 'vi';
}

export function setLang(lang: Lang): void {
  try {
    localStorage.setItem(STORE, lang);
  } catch {
    // remembered by the cookie alone
  }
  document.cookie = `lang=${lang}; path=/; max-age=31536000; samesite=lax`;
  document.documentElement.lang = lang;
  void i18next.changeLanguage(lang);
}

export function initI18n(): typeof i18next {
  const lng = savedLang();
  document.documentElement.lang = lng;
  void i18next.use(initReactI18next).init({
    lng,
    fallbackLng: 'vi',
    resources: { vi: { translation: vi }, en: { translation: en } },
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  return i18next;
}

/** The page's translator and its language. */
export function useT() {
  const { t, i18n } = useTranslation();
  return { t, lang: i18n.language === 'en' ? ('en' as const) : ('vi' as const) };
}
