import { foldLatinDiacritics } from './normalise';
import { stem } from './stem';

/** The form of a word that ranking compares: diacritics folded (Latin only), one ending stripped. */
export function termOf(token: string): string {
  return stem(foldLatinDiacritics(token));
}
