import type { Language } from '../knowledge/languages';

/** Looks up a fixed text of the bot (locales/<lang>/translation.json) — injected, so the core does no I/O. */
export type Translate = (key: string, language: Language, vars?: Record<string, string | number>) => string;
