/**
 * Where each translation of an entry stands. The source language is Dutch, else English (as the schema
 * says for `translated`). `translated.<lang>` is the date a translation was last brought in line with
 * the source; when the source answer changes, the admin sets `translated.<source>` to that day and clears
 * the other dates, so every translation shows "changed" until someone updates or confirms it.
 */
import { LANGUAGES, type Language } from '../knowledge/languages';
import type { KnowledgeEntry } from '../knowledge/schema';

export type TranslationStatus = 'ok' | 'missing' | 'changed';

type Translatable = Pick<KnowledgeEntry, 'answer' | 'questions' | 'translated'>;

export function sourceLanguage(entry: Pick<KnowledgeEntry, 'answer'>): Language {
  if (entry.answer.nl) return 'nl';
  if (entry.answer.en) return 'en';
  return LANGUAGES.find((l) => entry.answer[l]) ?? 'nl';
}

/** The language shown next to the one being edited: the source, or the other of Dutch/English for the source itself. */
export function referenceLanguage(entry: Pick<KnowledgeEntry, 'answer'>, editing: Language): Language {
  const source = sourceLanguage(entry);
  if (editing !== source) return source;
  const other = source === 'nl' ? 'en' : 'nl';
  return entry.answer[other] ? other : (LANGUAGES.find((l) => l !== editing && entry.answer[l]) ?? other);
}

export function translationStatus(entry: Translatable, language: Language): TranslationStatus {
  if (!entry.answer[language] || !entry.questions[language]) return 'missing';
  const source = sourceLanguage(entry);
  if (language === source) return 'ok';
  const sourceDate = entry.translated?.[source];
  const date = entry.translated?.[language];
  return sourceDate && (!date || date < sourceDate) ? 'changed' : 'ok';
}

export function statusLine(entry: Translatable, language: Language): string {
  const status = translationStatus(entry, language);
  if (status === 'missing') {
    const what = [!entry.answer[language] && 'answer', !entry.questions[language] && 'questions'].filter(Boolean).join(' and ');
    return `${what} missing`;
  }
  if (status === 'changed') return `the ${sourceLanguage(entry)} text changed on ${entry.translated?.[sourceLanguage(entry)] ?? '?'}; this translation is older`;
  return language === sourceLanguage(entry) ? 'source language' : 'up to date';
}

/**
 * The `translated` dates after an edit of `language`'s answer (or a confirmation that it still matches).
 * Returns the new map, or undefined when nothing changes.
 */
export function translatedAfterEdit(
  entry: Translatable,
  language: Language,
  edit: { answerChanged: boolean; confirmedCurrent: boolean; smallFix: boolean },
  today: string,
): Partial<Record<Language, string>> {
  const dates: Partial<Record<Language, string>> = { ...(entry.translated ?? {}) };
  const source = sourceLanguage(entry);
  if (language === source) {
    if (edit.answerChanged && !edit.smallFix) {
      for (const l of LANGUAGES) delete dates[l];
      dates[source] = today;
    }
  } else if (edit.answerChanged || edit.confirmedCurrent) {
    dates[language] = today;
  }
  return dates;
}
