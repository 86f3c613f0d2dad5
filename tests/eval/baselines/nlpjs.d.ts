/**
 * The little of nlp.js (a JavaScript package without types) that the baseline calls. Results come back
 * as unknown and are checked with zod where they are read (nlpjs-baseline.ts).
 */
declare module '@nlpjs/core' {
  export interface NlpContainer {
    use(plugin: unknown): unknown;
  }
  export function containerBootstrap(): NlpContainer;
}

declare module '@nlpjs/nlp' {
  import type { NlpContainer } from '@nlpjs/core';
  export class Nlp {
    constructor(settings: { languages: string[]; autoSave: boolean; autoLoad: boolean }, container: NlpContainer);
    addDocument(locale: string, utterance: string, intent: string): void;
    nluManager: {
      train(settings: { log: boolean }): Promise<unknown>;
      /** Given the text alone, it guesses the language among the trained ones. */
      process(utterance: string): Promise<unknown>;
    };
  }
}

declare module '@nlpjs/lang-uk' {
  export const LangUk: unknown;
}
declare module '@nlpjs/lang-ru' {
  export const LangRu: unknown;
}
declare module '@nlpjs/lang-nl' {
  export const LangNl: unknown;
}
declare module '@nlpjs/lang-en' {
  export const LangEn: unknown;
}
