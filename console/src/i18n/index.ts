import i18n from "i18next";
import { initReactI18next } from "react-i18next";
import en from "./locales/en.json";
import vi from "./locales/vi.json";
import zh from "./locales/zh.json";

export const LANGUAGES = [
  { code: "en", label: "English" },
  { code: "vi", label: "Tiếng Việt" },
  { code: "zh", label: "中文" },
] as const;

export const resources = { en: { translation: en }, vi: { translation: vi }, zh: { translation: zh } };

const STORAGE_KEY = "switchboard.language";

function remembered(): string {
  const stored = localStorage.getItem(STORAGE_KEY);
  return LANGUAGES.some((l) => l.code === stored) && stored ? stored : "en";
}

void i18n.use(initReactI18next).init({
  resources,
  lng: remembered(),
  fallbackLng: "en",
  supportedLngs: LANGUAGES.map((l) => l.code),
  interpolation: { escapeValue: false }, // React escapes
});
document.documentElement.lang = i18n.language;

/** Switch the console's language and remember it for the next visit. */
export function changeLanguage(code: string): void {
  localStorage.setItem(STORAGE_KEY, code);
  document.documentElement.lang = code;
  void i18n.changeLanguage(code);
}

export default i18n;
