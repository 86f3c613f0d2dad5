/**
 * Words the replies: an entry's answer with its sources, date and follow-ups; "did you mean"; "I don't
 * know"; menus. Every fixed text comes from `translate`, every answer from the knowledge base.
 */
import type { KnowledgeBase } from '../knowledge/knowledge-base';
import { answerIn } from '../knowledge/knowledge-base';
import type { KnowledgeEntry } from '../knowledge/schema';
import { LANGUAGES, type Language } from '../knowledge/languages';
import { isStale } from '../knowledge/freshness';
import type { Reply, ReplyButton, ReplyKind } from '../messages';
import type { Translate } from './translate';
import { encodeAction, MENU_TOPICS, type MenuTopic } from './payloads';
import { entriesOfTopic } from './menu';
import type { Municipality } from '../places/municipalities';
import { counterCard, type CounterSide } from './counter-card';

/** Which language to show when an answer is missing in the person's: never Russian first for Ukrainian. */
const FALLBACK_ORDER: Readonly<Record<Language, readonly Language[]>> = {
  uk: ['en', 'nl', 'ru'],
  ru: ['uk', 'en', 'nl'],
  nl: ['en', 'uk', 'ru'],
  en: ['nl', 'uk', 'ru'],
};

const DATE_LOCALE: Readonly<Record<Language, string>> = { uk: 'uk-UA', ru: 'ru-RU', nl: 'nl-NL', en: 'en-GB' };
const MAX_LABEL = 60;
const MAX_FOLLOW_UPS = 3;
/** Entries that name people to contact, offered when the bot could not help. */
const PEOPLE_WHO_HELP = ['contact.human', 'contact.legal-help'] as const;

// Building an Intl formatter costs more than answering the question; build one per language, once.
const DATE_FORMATS = new Map<Language, Intl.DateTimeFormat>();

// Each entry has one `reviewed` date, so the formatted dates are few; formatting showed in profiles.
const FORMATTED = new Map<string, string>();

export function formatDate(iso: string, language: Language): string {
  const key = `${language}|${iso}`;
  const known = FORMATTED.get(key);
  if (known !== undefined) return known;
  let format = DATE_FORMATS.get(language);
  if (!format) DATE_FORMATS.set(language, (format = new Intl.DateTimeFormat(DATE_LOCALE[language], { dateStyle: 'long', timeZone: 'UTC' })));
  const text = format.format(new Date(`${iso}T00:00:00Z`));
  if (FORMATTED.size >= 10_000) FORMATTED.clear();
  FORMATTED.set(key, text);
  return text;
}

function shorten(label: string): string {
  const s = label.replace(/\s+/g, ' ').trim();
  return s.length <= MAX_LABEL ? s : `${s.slice(0, MAX_LABEL - 1).trimEnd()}…`;
}

/** A button label for an entry: its first phrasing in the language (or a fallback language). */
export function entryLabel(entry: KnowledgeEntry, language: Language): string {
  for (const l of [language, ...FALLBACK_ORDER[language]]) {
    const first = entry.questions[l]?.[0];
    if (first) return shorten(first);
  }
  return entry.id;
}

/**
 * A phone number as answers write them: 112, 113, 0800-0113, 088 043 04 30, +31 20 300 7000. Years,
 * amounts and dates are not phone numbers: a number of three digits counts only when it stands alone
 * after a word like "call"/"bel"/"дзвоніть", or is one of the emergency short numbers.
 */
const PHONE = /(?<![\d€.,])(?:\+\d{2,3}[ -]?\(?0?\)?[ -]?\d{1,4}(?:[ -]?\d{2,4}){2,4}|0\d{2,3}[- ]?\d{2,4}(?:[ -]?\d{2,4}){0,3}|112|113)(?![\d€.,]\d?)/;
function givesPhoneNumbers(text: string): boolean {
  return PHONE.test(text);
}

export class Composer {
  constructor(
    private readonly knowledge: KnowledgeBase,
    private readonly t: Translate,
    private readonly now: () => Date = () => new Date(),
  ) {}

  private reply(kind: ReplyKind, language: Language, text: string, buttons: ReplyButton[] = []): Reply {
    return { kind, language, text, sources: [], buttons };
  }

  entryButtons(ids: readonly string[], language: Language): ReplyButton[] {
    return ids
      .map((id) => this.knowledge.get(id))
      .filter((e): e is KnowledgeEntry => e !== undefined)
      .map((e) => ({ label: entryLabel(e, language), payload: encodeAction({ type: 'entry', id: e.id }) }));
  }

  /**
   * The answer of an entry, with sources, the date it was checked, follow-ups and feedback buttons; under
   * it the local part for the person's municipality, or a line saying there is none for it yet.
   */
  answer(entry: KnowledgeEntry, language: Language, kind: 'answer' | 'safety', place?: Municipality): Reply {
    const common = answerIn(entry, language, FALLBACK_ORDER[language]) ?? { text: '', language };
    const local = this.localPart(entry, language, place);
    const shown = { language: common.language, text: local ? `${common.text}\n\n${local.text}` : common.text };
    const notices: string[] = [];
    if (shown.language !== language) {
      notices.push(
        this.t('answer.fallbackLanguage', language, {
          language: this.t(`language.in.${language}`, language),
          fallback: this.t(`language.in.${shown.language}`, language),
        }),
      );
    }
    const date = formatDate(entry.reviewed, language);
    const stale = isStale(entry.reviewed, this.now()) ? this.t('answer.stale', language, { date }) : undefined;
    // A person in danger reads the numbers first; an age warning goes after them.
    const caveat = stale && (kind === 'safety' || givesPhoneNumbers(shown.text)) ? stale : undefined;
    if (stale && !caveat) notices.push(stale);
    const followUps = this.entryButtons(entry.related.slice(0, MAX_FOLLOW_UPS), language);
    const feedback: ReplyButton[] = [
      { label: this.t('feedback.helpful', language), payload: encodeAction({ type: 'feedback', id: entry.id, helpful: true }) },
      { label: this.t('feedback.notHelpful', language), payload: encodeAction({ type: 'feedback', id: entry.id, helpful: false }) },
    ];
    const extra: ReplyButton[] = [];
    if (kind === 'answer') extra.push({ label: this.t('counter.button', language), payload: encodeAction({ type: 'counter', id: entry.id }) });
    if (kind === 'answer' && entry.places && !place) extra.push({ label: this.t('place.button', language), payload: encodeAction({ type: 'place' }) });
    return {
      kind,
      language: shown.language,
      text: shown.text,
      answerId: entry.id,
      sources: [...entry.sources, ...(local?.sources ?? [])],
      reviewed: entry.reviewed,
      reviewedLabel: this.t('answer.checkedOn', language, { date }),
      ...(notices.length ? { notice: notices.join(' ') } : {}),
      ...(caveat ? { caveat } : {}),
      buttons: [...followUps, ...extra, ...feedback],
    };
  }

  /** "📍 Utrecht (checked …)" and the local text, or "no local details for X yet" where others have some. */
  private localPart(entry: KnowledgeEntry, language: Language, place: Municipality | undefined): { text: string; sources: string[] } | undefined {
    if (!place || !entry.places) return undefined;
    const name = this.knowledge.municipalities.nameIn(place, language);
    const variant = entry.places[place.code];
    const text = variant && [language, ...FALLBACK_ORDER[language]].map((l) => variant.answer[l]).find(Boolean);
    if (variant && text) {
      const header = this.t('place.local', language, { name, date: formatDate(variant.reviewed, language) });
      return { text: `📍 **${header}**\n${text}`, sources: [...variant.sources] };
    }
    const lines = [this.t('place.noLocal', language, { name })];
    if (place.web) lines.push(this.t('place.website', language, { web: place.web }));
    return { text: `📍 ${lines.join(' ')}`, sources: [] };
  }

  /** "Saved: you live in Utrecht" and the municipality's site where known. */
  placeSaved(place: Municipality, language: Language): Reply {
    const name = this.knowledge.municipalities.nameIn(place, language);
    const web = place.web ? `\n\n${this.t('place.website', language, { web: place.web })}` : '';
    return this.reply('place', language, `📍 ${this.t('place.saved', language, { name })}${web}`, [this.menuButton(language)]);
  }

  /** The counter card as a message: Dutch for the clerk on top, the person's language below. */
  counter(entry: KnowledgeEntry, language: Language, place?: Municipality): Reply {
    const card = counterCard(entry, language, place);
    if (!card) return this.simple('info', 'errors.entryGone', language);
    const placeName = (l: Language) => (place ? this.knowledge.municipalities.nameIn(place, l) : '');
    const block = (s: CounterSide) =>
      [s.ask ? `**${s.ask}**` : '', s.text, s.local ? `📍 **${placeName(s.language)}:** ${s.local}` : ''].filter(Boolean).join('\n\n');
    const dutch = [
      `**${this.t('counter.clerk', 'nl')}**`,
      block(card.dutch),
      `${this.t('counter.source', 'nl')}: ${card.sources[0] ?? ''}`,
      this.t('counter.checked', 'nl', { date: formatDate(card.reviewed, 'nl') }),
    ];
    const own = card.own ? ['———', `**${this.t('counter.forYou', language)}**`, block(card.own)] : [];
    const query = `lang=${language}${card.place ? `&place=${card.place.code}` : ''}`;
    return {
      ...this.reply('counter', language, [...dutch, ...own].join('\n\n'), [this.menuButton(language)]),
      answerId: entry.id,
      counterCard: { path: `/card/${entry.id}?${query}`, label: this.t('counter.open', language) },
    };
  }

  suggest(ids: readonly string[], language: Language): Reply {
    return this.reply('suggest', language, this.t('suggest.intro', language), [
      ...this.entryButtons(ids, language),
      this.menuButton(language),
    ]);
  }

  unanswered(language: Language): Reply {
    return this.reply('unanswered', language, this.t('unanswered.text', language), [
      ...this.entryButtons(PEOPLE_WHO_HELP, language),
      this.menuButton(language),
    ]);
  }

  greeting(language: Language, withMenu: boolean): Reply {
    const text = [this.t('greeting.intro', language), this.t('greeting.notGovernment', language), this.t('greeting.howTo', language)].join('\n\n');
    return this.reply('greeting', language, text, withMenu ? [...this.topicButtons(language), this.languageButton(language)] : []);
  }

  /** Shown when we cannot tell the language yet: one line in each language, four buttons. */
  chooseLanguage(kind: ReplyKind = 'language'): Reply {
    const text = LANGUAGES.map((l) => this.t('language.prompt', l)).join('\n');
    return this.reply(kind, 'uk', text, LANGUAGES.map((l) => ({ label: this.t('language.name', l), payload: encodeAction({ type: 'language', language: l }) })));
  }

  languageChanged(language: Language): Reply {
    return this.reply('language', language, this.t('language.changed', language), [...this.topicButtons(language), this.languageButton(language)]);
  }

  menu(language: Language): Reply {
    return this.reply('menu', language, this.t('menu.title', language), [...this.topicButtons(language), this.languageButton(language)]);
  }

  topic(topic: MenuTopic, language: Language): Reply {
    return this.reply('menu', language, this.t(`menu.topic.${topic}`, language), [
      ...this.entryButtons(entriesOfTopic(this.knowledge, topic), language),
      this.menuButton(language),
    ]);
  }

  /**
   * 👍 is thanked and nothing more is promised. 👎 says volunteers will see it (the count and the question
   * reach them) and, since the person is still without an answer, offers who can help now.
   */
  feedbackThanks(language: Language, helpful: boolean, answerId?: string): Reply {
    if (helpful) return this.reply('feedback', language, this.t('feedback.thanksHelpful', language), [this.menuButton(language)]);
    return this.reply('feedback', language, this.t('feedback.thanksNotHelpful', language), [
      ...this.entryButtons(PEOPLE_WHO_HELP.filter((id) => id !== answerId), language),
      this.menuButton(language),
    ]);
  }

  simple(kind: ReplyKind, key: string, language: Language, withMenu = true): Reply {
    return this.reply(kind, language, this.t(key, language), withMenu ? [this.menuButton(language)] : []);
  }

  topicButtons(language: Language): ReplyButton[] {
    return MENU_TOPICS.map((topic) => ({ label: this.t(`menu.button.${topic}`, language), payload: encodeAction({ type: 'topic', topic }) }));
  }

  menuButton(language: Language): ReplyButton {
    return { label: this.t('buttons.menu', language), payload: encodeAction({ type: 'menu' }) };
  }

  languageButton(language: Language): ReplyButton {
    return { label: this.t('buttons.language', language), payload: encodeAction({ type: 'choose-language' }) };
  }
}
