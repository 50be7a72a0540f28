/** A language code's name in the reader's language ("vi" → "Vietnamese" / "Tiếng Việt"), from the
 * browser's own data: no table to keep. */
export function languageName(code: string, readerLanguage: string): string {
  try {
    return new Intl.DisplayNames([readerLanguage], { type: "language" }).of(code) ?? code;
  } catch {
    return code;
  }
}
