/**
 * The conversation's brain, free of any bot framework or I/O: a message and the person's state in,
 * replies, the new state and events (for the inbox and metrics) out.
 */
import type { Language } from '../knowledge/languages';
import type { InboundMessage, Reply } from '../messages';
import type { SearchIndex } from '../search/search-index';
import type { Resolution } from './resolve';
import { followUpShape, resolveFollowUp } from './follow-up';
import { QuestionCache, type QuestionCacheStats, type QuestionReading } from './question-cache';
import { firstReading } from './first-reading';
import { readHere, withReadings, type FirstReading, type ReadingSource, type ReadQuestion } from './reading-source';
import { Composer } from './compose';
import { decodeAction, type Action } from './payloads';
import { isWordlessMedia, mediaReplies } from './media';
import { commandOf, hasNoWords, type ChatCommand } from './chat-phrases';
import type { Translate } from './translate';
import type { UserState } from './user-state';
import { asksMore, placeForAnswer, readPlace, withoutPlaceMention } from './place-turn';
import type { KnowledgeEntry } from '../knowledge/schema';
import type { Municipality } from '../places/municipalities';

export type Outcome = 'answered' | 'suggested' | 'unanswered' | 'safety' | 'other';

export type AssistantEvent =
  | { type: 'outcome'; outcome: Outcome; language: Language; answerId?: string }
  | { type: 'unanswered'; question: string; language: Language }
  | { type: 'feedback'; answerId: string; helpful: boolean; language: Language; question?: string }
  | { type: 'forget' };

export interface AssistantResult {
  replies: Reply[];
  /** The state to keep, or null when everything about the person must be deleted. */
  state: UserState | null;
  events: AssistantEvent[];
}

export class Assistant {
  constructor(
    private readonly index: () => SearchIndex,
    private readonly t: Translate,
    private readonly now: () => Date = () => new Date(),
    private readonly questions: QuestionCache = new QuestionCache(),
    /** Where new questions are read (search worker threads); without it, in this thread. */
    private readonly readings?: ReadingSource,
  ) {}

  /** How often a question was read from the cache, for /metrics. */
  questionCacheStats(): QuestionCacheStats {
    return this.questions.stats();
  }

  /** A message's replies, reading new questions in this thread. */
  handle(message: InboundMessage, state: UserState): AssistantResult {
    const index = this.index();
    return this.turn(index, message, state, readHere(index, this.questions));
  }

  /** As `handle`, with new questions read by the reading source (worker threads) when there is one. */
  respond(message: InboundMessage, state: UserState): Promise<AssistantResult> {
    const index = this.index();
    return this.withReads(index, (read) => this.turn(index, message, state, read), firstReading(message, state));
  }

  /** Runs `go` with new questions read by the reading source when there is one, else in this thread. */
  private withReads(index: SearchIndex, go: (read: ReadQuestion) => AssistantResult, first?: FirstReading): Promise<AssistantResult> {
    if (!this.readings) return Promise.resolve(go(readHere(index, this.questions)));
    return withReadings(index, this.questions, this.readings, go, first);
  }

  private turn(index: SearchIndex, message: InboundMessage, state: UserState, read: ReadQuestion): AssistantResult {
    const composer = new Composer(index.knowledge, this.t, this.now);
    if (isWordlessMedia(message)) {
      const media = mediaReplies(composer, message, state);
      return { replies: media.replies, state: media.state, events: [{ type: 'outcome', outcome: 'other', language: media.language }] };
    }
    const turn = new Turn(index, composer, read, message, { ...state });
    if (message.payload !== undefined) {
      const action = message.payload === 'start' ? undefined : decodeAction(message.payload);
      if (message.payload === 'start') turn.command('start');
      else if (action) turn.action(action);
      else turn.invalidButton();
    } else {
      turn.text(message.text ?? '');
    }
    return turn.result();
  }

  /**
   * A message over the person's rate limit. A message about danger is still answered in full (the safety
   * check is cheap and reads the words alone); anything else gets one short "wait N seconds" in the
   * person's language, so nobody meets silence.
   */
  handleLimited(message: InboundMessage, state: UserState, retryAfterSeconds: number): AssistantResult {
    const index = this.index();
    return this.limited(index, message, state, retryAfterSeconds, readHere(index, this.questions));
  }

  /** As `handleLimited`, reading through the reading source when there is one. */
  respondLimited(message: InboundMessage, state: UserState, retryAfterSeconds: number): Promise<AssistantResult> {
    const index = this.index();
    return this.withReads(index, (read) => this.limited(index, message, state, retryAfterSeconds, read), firstReading(message, state));
  }

  private limited(index: SearchIndex, message: InboundMessage, state: UserState, retryAfterSeconds: number, read: ReadQuestion): AssistantResult {
    const text = message.payload === undefined ? (message.text ?? '') : '';
    const hint = state.language ?? message.languageHint;
    // Read as a turn reads it (and cached with it): the safety check over the whole message and its
    // repaired reading, and the language, from one reading.
    const reading = text && !hasNoWords(text) ? read(text, hint) : undefined;
    if (reading?.resolution.kind === 'safety' && reading.resolution.via === 'check') return this.turn(index, message, state, read);
    const language = state.language ?? state.lastLanguage ?? message.languageHint ?? reading?.language ?? 'uk';
    const reply: Reply = { kind: 'limited', language, text: this.t('errors.waitSeconds', language, { seconds: retryAfterSeconds }), sources: [], buttons: [] };
    return { replies: [reply], state, events: [] };
  }
}

/** One message's handling; collects replies, state changes and events. */
class Turn {
  private readonly replies: Reply[] = [];
  private readonly events: AssistantEvent[] = [];
  private forgotten = false;

  constructor(
    private readonly index: SearchIndex,
    private readonly compose: Composer,
    private readonly readQuestion: ReadQuestion,
    private readonly message: InboundMessage,
    private readonly state: UserState,
  ) {}

  /** The language for a reply that has no text to detect it from. */
  private get knownLanguage(): Language | undefined {
    return this.state.language ?? this.state.lastLanguage ?? this.message.languageHint;
  }

  private say(...replies: Reply[]): void {
    this.replies.push(...replies);
  }

  result(): AssistantResult {
    const last = this.replies[this.replies.length - 1];
    if (last && !this.forgotten && last.kind !== 'language') this.state.lastLanguage = this.replyLanguage(last);
    return { replies: this.replies, state: this.forgotten ? null : this.state, events: this.events };
  }

  private replyLanguage(reply: Reply): Language {
    // A fallback-language answer is still a conversation in the person's language.
    return reply.notice && this.knownLanguage ? this.knownLanguage : reply.language;
  }

  command(command: ChatCommand): void {
    const language = this.knownLanguage;
    switch (command) {
      case 'start':
      case 'help':
        if (!language) {
          this.say(this.compose.chooseLanguage('greeting'));
        } else {
          this.say(this.compose.greeting(language, true));
          this.state.greeted = true;
        }
        break;
      case 'menu':
        this.say(language ? this.compose.menu(language) : this.compose.chooseLanguage());
        break;
      case 'lang':
        this.say(this.compose.chooseLanguage());
        break;
      case 'forget':
        this.forget(language ?? 'uk');
        break;
      case 'privacy':
        this.say(this.compose.simple('privacy', 'privacy.text', language ?? 'uk'));
        break;
    }
    this.events.push({ type: 'outcome', outcome: 'other', language: language ?? 'uk' });
  }

  private forget(language: Language): void {
    this.forgotten = true;
    this.events.push({ type: 'forget' });
    this.say(this.compose.simple('forget', 'forget.done', language, false));
  }

  action(action: Action): void {
    const language = this.knownLanguage ?? 'uk';
    switch (action.type) {
      case 'entry': {
        const entry = this.index.knowledge.get(action.id);
        if (!entry) {
          this.say(this.compose.simple('info', 'errors.entryGone', language));
          break;
        }
        const kind = entry.id.startsWith('safety.') ? 'safety' : 'answer';
        this.say(this.compose.answer(entry, language, kind, this.placeFor(entry, this.state.pendingQuestion)));
        this.state.lastAnswerId = entry.id;
        // A choice from "did you mean" answers the question asked before it: a 👎 brings that question
        // to volunteers. Any other button press starts afresh.
        if (this.state.pendingQuestion) this.state.lastQuestion = this.state.pendingQuestion;
        else delete this.state.lastQuestion;
        delete this.state.pendingQuestion;
        this.events.push({ type: 'outcome', outcome: kind === 'safety' ? 'safety' : 'answered', language, answerId: entry.id });
        return;
      }
      case 'menu':
        this.say(this.compose.menu(language));
        break;
      case 'topic':
        this.say(this.compose.topic(action.topic, language));
        break;
      case 'choose-language':
        this.say(this.compose.chooseLanguage());
        break;
      case 'language':
        this.state.language = action.language;
        this.state.lastLanguage = action.language;
        this.state.greeted = true;
        this.say(this.compose.languageChanged(action.language));
        this.events.push({ type: 'outcome', outcome: 'other', language: action.language });
        return;
      case 'feedback': {
        const question = this.state.lastAnswerId === action.id ? this.state.lastQuestion : undefined;
        this.events.push({ type: 'feedback', answerId: action.id, helpful: action.helpful, language, ...(question ? { question } : {}) });
        this.say(this.compose.feedbackThanks(language, action.helpful, action.id));
        break;
      }
      case 'forget':
        this.forget(language);
        return;
      case 'privacy':
        this.say(this.compose.simple('privacy', 'privacy.text', language));
        break;
      case 'counter': {
        const entry = this.index.knowledge.get(action.id);
        this.say(entry ? this.compose.counter(entry, language, this.placeFor(entry, undefined)) : this.compose.simple('info', 'errors.entryGone', language));
        break;
      }
      case 'place':
        this.askPlace('place.prompt', language);
        break;
    }
    this.events.push({ type: 'outcome', outcome: 'other', language });
  }

  private askPlace(key: 'place.prompt' | 'place.unknown', language: Language): void {
    this.state.askingPlace = true;
    this.say(this.compose.simple('place', key, language, false));
  }

  private placeFor(entry: KnowledgeEntry, question: string | undefined): Municipality | undefined {
    return placeForAnswer(entry, question, this.state, this.index.knowledge.municipalities);
  }

  /** "Saved: Utrecht", then the last answer again if it has a part for that place. */
  private placeTold(place: Municipality, language: Language): void {
    this.say(this.compose.placeSaved(place, language));
    const last = this.state.lastAnswerId ? this.index.knowledge.get(this.state.lastAnswerId) : undefined;
    if (last?.places?.[place.code]) this.say(this.compose.answer(last, language, 'answer', place));
    this.events.push({ type: 'outcome', outcome: 'other', language });
  }

  invalidButton(): void {
    const language = this.knownLanguage ?? 'uk';
    this.say(this.compose.simple('info', 'errors.unknownButton', language));
    this.events.push({ type: 'outcome', outcome: 'other', language });
  }

  text(message: string): void {
    let raw = message;
    const command = commandOf(raw);
    if (command) return this.command(command);
    const place = readPlace(raw, this.state, this.index.knowledge.municipalities);
    const wasAsked = this.state.askingPlace;
    delete this.state.askingPlace;
    if (place?.kind === 'ask' || place?.kind === 'unknown') {
      return this.askPlace(place.kind === 'ask' ? 'place.prompt' : 'place.unknown', this.knownLanguage ?? this.readQuestion(raw, undefined).language);
    }
    if (place?.kind === 'told') {
      this.state.place = place.municipality.code;
      if (!asksMore(place.rest)) {
        const language = this.state.language ?? (wasAsked ? this.knownLanguage : undefined) ?? this.readQuestion(raw, this.message.languageHint).language;
        return this.placeTold(place.municipality, language);
      }
      raw = place.rest;
    }
    const known = this.knownLanguage;
    if (hasNoWords(raw)) {
      if (known) this.say(this.compose.simple('info', 'errors.noWords', known));
      else this.say(this.compose.chooseLanguage());
      this.events.push({ type: 'outcome', outcome: 'other', language: known ?? 'uk' });
      return;
    }

    const resolved = this.readWithoutPlace(raw, this.readQuestion(raw, this.state.language ?? this.message.languageHint));
    const followUp = this.followUp(raw, resolved);
    const language: Language =
      this.state.language ??
      (followUp ? this.state.lastLanguage : undefined) ??
      (resolved.languageConfident ? resolved.language : (this.message.languageHint ?? this.state.lastLanguage ?? resolved.language));
    const r = followUp?.resolution ?? resolved.resolution;
    const asked = followUp?.question ?? raw;

    // "спасибо большое" may rank near a farewell; only the safety check's own finding outweighs thanks.
    if ((r.kind !== 'safety' || r.via === 'ranking') && (resolved.greeting || resolved.thanks)) {
      this.say(resolved.thanks ? this.compose.simple('info', 'chat.youAreWelcome', language) : this.compose.greeting(language, true));
      this.state.greeted = true;
      this.events.push({ type: 'outcome', outcome: 'other', language });
      return;
    }

    const firstContact = !this.state.greeted;
    this.state.greeted = true;
    switch (r.kind) {
      case 'safety': {
        // Safety first: nothing, not even a greeting, comes before it.
        const entry = this.index.knowledge.get(r.id)!;
        this.say(this.compose.answer(entry, language, 'safety'));
        this.remember(entry.id, asked);
        this.events.push({ type: 'outcome', outcome: 'safety', language, answerId: entry.id });
        return;
      }
      case 'answer': {
        if (firstContact) this.say(this.compose.greeting(language, false));
        const entry = this.index.knowledge.get(r.id)!;
        this.say(this.compose.answer(entry, language, 'answer', this.placeFor(entry, raw)));
        // A message that asked two things: the second answer follows; 👍/👎 and follow-ups refer to the first.
        const second = r.also ? this.index.knowledge.get(r.also) : undefined;
        if (second) this.say(this.compose.answer(second, language, 'answer', this.placeFor(second, raw)));
        this.remember(entry.id, asked);
        this.events.push({ type: 'outcome', outcome: 'answered', language, answerId: entry.id });
        return;
      }
      case 'suggest':
        if (firstContact) this.say(this.compose.greeting(language, false));
        this.say(this.compose.suggest(r.alternatives, language));
        this.state.pendingQuestion = asked.slice(-500);
        this.events.push({ type: 'outcome', outcome: 'suggested', language });
        return;
      case 'none':
        if (firstContact) this.say(this.compose.greeting(language, false));
        this.say(this.compose.unanswered(language));
        this.events.push({ type: 'unanswered', question: raw, language });
        this.events.push({ type: 'outcome', outcome: 'unanswered', language });
        return;
    }
  }

  /** A question that names a town and is unclear with it is read again without the town's name. */
  private readWithoutPlace(raw: string, reading: QuestionReading): QuestionReading {
    const kind = reading.resolution.kind;
    if (kind === 'answer' || kind === 'safety') return reading;
    const plain = withoutPlaceMention(raw, this.index.knowledge.municipalities);
    if (!plain || plain === raw) return reading;
    const again = this.readQuestion(plain, this.state.language ?? this.message.languageHint);
    return again.resolution.kind === 'answer' ? again : reading;
  }

  private remember(answerId: string, question: string): void {
    delete this.state.pendingQuestion;
    this.state.lastAnswerId = answerId;
    this.state.lastQuestion = question.slice(-500);
  }

  /** A short follow-up to the last answer, read together with the question that led to it. */
  private followUp(raw: string, alone: QuestionReading): { resolution: Resolution; question: string } | undefined {
    const { lastAnswerId, lastQuestion } = this.state;
    if (!lastAnswerId || !lastQuestion || !this.index.knowledge.has(lastAnswerId)) return undefined;
    const shape = followUpShape(raw);
    if (!shape) return undefined;
    const question = `${lastQuestion} ${raw}`;
    const together = this.readQuestion(question, this.state.language ?? this.state.lastLanguage ?? this.message.languageHint);
    const resolution = resolveFollowUp(this.index.knowledge, { lastAnswerId, lastQuestion }, shape, alone.resolution, together.resolution);
    return resolution ? { resolution, question } : undefined;
  }
}
