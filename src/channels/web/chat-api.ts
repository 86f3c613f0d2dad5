/**
 * The web chat's receiver: `POST /api/chat` (a message in, the turn's replies out, in one response) and
 * `GET /api/chat/ui` (the page's own labels). It validates the body, issues and checks the session, and
 * hands an `InboundMessage` to the bot; it trusts nothing the browser says about who it is.
 */
import express, { type Request, type Response, type Router } from 'express';
import { z } from 'zod';
import { LANGUAGES, type Language } from '../../knowledge/languages';
import type { InboundMessage, Reply } from '../../messages';
import type { Pseudonymiser } from '../../privacy/pseudonymise';
import type { ChannelBot } from '../../bot/bot-runtime';
import type { ChannelSender } from '../../bot/channel-adapter';
import { markdownDocument } from '../markdown-document';
import type { WebSessions } from './session';

/** What a turn's replies are collected into before the response goes out. */
export interface WebAddress {
  replies: Reply[];
}

export const webSender: ChannelSender<WebAddress> = {
  async send(reply, turn) {
    turn.address.replies.push(reply);
  },
};

const MAX_TEXT_CHARS = 1000;

const bodySchema = z.object({
  text: z.string().optional(),
  payload: z.string().max(64).optional(),
  session: z.string().max(100).optional(),
  language: z.enum(LANGUAGES).optional(),
});

export interface WebChatOptions {
  bot: ChannelBot<WebAddress>;
  sessions: WebSessions;
  pseudonymiser: Pseudonymiser;
  maxBodyBytes: number;
  /** A fixed text of the bot in a language (errors shown by the page). */
  text(key: string, language: Language): string;
  /** The page's own labels in a language. */
  uiStrings(language: Language): Record<string, string>;
}

/**
 * Most replies are an entry's answer, sent again and again: each answer's text is parsed once (the
 * blocks are only serialised, never changed). Only answers: no other reply's text is kept in memory.
 */
const parsed = new Map<string, ReturnType<typeof markdownDocument>>();
const PARSED_KEPT = 500;

function blocksOf(reply: Reply): ReturnType<typeof markdownDocument> {
  const text = reply.text;
  if (reply.answerId === undefined) return markdownDocument(text);
  let blocks = parsed.get(text);
  if (!blocks) {
    blocks = markdownDocument(text);
    if (parsed.size >= PARSED_KEPT) parsed.clear();
    parsed.set(text, blocks);
  }
  return blocks;
}

/**
 * A reply as the page receives it. `blocks` is `text` read by the same Markdown parser as every other
 * channel (markdown-document.ts): the page builds its DOM from them and parses no Markdown itself.
 */
export function toWireReply(reply: Reply) {
  return {
    text: reply.text,
    blocks: blocksOf(reply),
    language: reply.language,
    kind: reply.kind,
    answerId: reply.answerId ?? null,
    ...(reply.notice ? { notice: reply.notice } : {}),
    ...(reply.caveat ? { caveat: reply.caveat } : {}),
    buttons: reply.buttons.map((b) => ({ label: b.label, payload: b.payload })),
    sources: reply.sources,
    reviewed: reply.reviewed ?? null,
    ...(reply.reviewedLabel ? { reviewedLabel: reply.reviewedLabel } : {}),
    ...(reply.counterCard ? { counterCard: reply.counterCard } : {}),
  };
}

/** The browser's preferred language among ours, if it states one (like a messenger's language hint). */
function browserLanguage(req: Request): Language | undefined {
  if (!req.get('accept-language')) return undefined;
  // Only a language the header names counts: "*" (sent by fetch and other non-browsers) is no preference.
  const named = req.acceptsLanguages().map((tag) => tag.split('-')[0]?.toLowerCase());
  return named.find((tag): tag is Language => (LANGUAGES as readonly string[]).includes(tag ?? ''));
}

function pickLanguage(req: Request, fallback: Language = 'uk'): Language {
  const q = typeof req.query.language === 'string' ? req.query.language : undefined;
  if (q && (LANGUAGES as readonly string[]).includes(q)) return q as Language;
  return browserLanguage(req) ?? fallback;
}

export function webChatApi(options: WebChatOptions): Router {
  const router = express.Router();
  const json = express.json({ limit: options.maxBodyBytes, strict: true, type: ['application/json', 'application/*+json'] });

  router.get('/api/chat/ui', (req, res) => {
    const language = pickLanguage(req);
    res.set('Cache-Control', 'no-cache').json({ language, strings: options.uiStrings(language) });
  });

  router.post('/api/chat', json, async (req: Request, res: Response) => {
    const parsed = bodySchema.safeParse(req.body);
    const fallbackLanguage = pickLanguage(req);
    const hint = parsed.success ? (parsed.data.language ?? browserLanguage(req)) : undefined;
    if (!parsed.success) {
      res.status(400).json({ error: options.text('errors.badRequest', fallbackLanguage) });
      return;
    }
    const body = parsed.data;
    const language = body.language ?? fallbackLanguage;
    if (body.text !== undefined && [...body.text].length > MAX_TEXT_CHARS) {
      res.status(413).json({ error: options.text('errors.tooLong', language) });
      return;
    }
    if (body.text === undefined && body.payload === undefined) {
      res.status(400).json({ error: options.text('errors.badRequest', language) });
      return;
    }
    // An unknown, forged or long-idle session starts a new one: a new person to the bot.
    const { id: sessionId, token: session } = options.sessions.verify(body.session) ?? options.sessions.issue();
    const inbound: InboundMessage = {
      channel: 'web',
      userKey: options.pseudonymiser.userKey('web', sessionId),
      ...(body.text !== undefined ? { text: body.text } : {}),
      ...(body.payload !== undefined ? { payload: body.payload } : {}),
      ...(hint ? { languageHint: hint } : {}),
    };
    const address: WebAddress = { replies: [] };
    try {
      await options.bot.handle(inbound, address);
    } catch {
      res.status(500).json({ session, error: options.text('errors.generic', language) });
      return;
    }
    res.set('Cache-Control', 'no-store').json({ session, replies: address.replies.map(toWireReply) });
  });

  return router;
}
