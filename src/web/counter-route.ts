/**
 * `GET /card/:id?lang=<uk|ru|nl|en>[&place=GMxxxx]`: the counter card page, built on each request from
 * the knowledge as it is now, so a volunteer's correction reaches a card opened afterwards. A link that
 * leads to no card (unknown entry, language or municipality) gets a page saying so in the person's
 * language with a 404 or 400, never an error.
 */
import express, { type Request, type Response, type Router } from 'express';
import { z } from 'zod';
import { LANGUAGES, type Language } from '../knowledge/languages';
import { ENTRY_ID, MUNICIPALITY_CODE } from '../knowledge/schema';
import type { KnowledgeBase } from '../knowledge/knowledge-base';
import type { Translate } from '../assistant/translate';
import { counterCard } from '../assistant/counter-card';
import { renderCounterPage, renderCounterProblem } from './counter-page';

export interface CounterRouteDeps {
  /** The live knowledge (a reload swaps it). */
  knowledge(): KnowledgeBase;
  t: Translate;
}

// A repeated parameter (`lang=uk&lang=ru`) arrives as an array: not a language either.
const languageParam = z.enum(LANGUAGES).optional();
const placeParam = z.string().regex(MUNICIPALITY_CODE).optional();

/** For a link without `lang`, or with one we cannot read: the browser's language, else Ukrainian. */
function browserLanguage(req: Request): Language {
  const accepted = req.acceptsLanguages(...LANGUAGES);
  return typeof accepted === 'string' ? (accepted as Language) : 'uk';
}

export function counterCardPages({ knowledge, t }: CounterRouteDeps): Router {
  const router = express.Router();

  const send = (res: Response, status: number, language: Language, html: string): void => {
    // The card follows the knowledge, so a browser asks again rather than showing an old copy.
    res.status(status).set({ 'Cache-Control': 'no-cache', 'Content-Language': language }).type('html').send(html);
  };

  router.get('/card/:id', (req, res) => {
    const lang = languageParam.safeParse(req.query.lang);
    if (!lang.success) return send(res, 400, browserLanguage(req), renderCounterProblem(browserLanguage(req), t, 'counter.badLanguage'));
    const language = lang.data ?? browserLanguage(req);

    const kb = knowledge();
    const code = placeParam.safeParse(req.query.place);
    const place = code.success && code.data !== undefined ? kb.municipalities.get(code.data) : undefined;
    if (!code.success || (code.data !== undefined && !place)) return send(res, 400, language, renderCounterProblem(language, t, 'counter.badPlace'));

    const id = req.params.id;
    const entry = ENTRY_ID.test(id) ? kb.get(id) : undefined;
    const card = entry && counterCard(entry, language, place);
    if (!card) return send(res, 404, language, renderCounterProblem(language, t, 'counter.notFound'));

    send(res, 200, language, renderCounterPage({ card, language, t, placeName: (l) => (place ? kb.municipalities.nameIn(place, l) : '') }));
  });

  return router;
}
