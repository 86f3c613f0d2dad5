/**
 * Typing errors made on purpose, with a fixed seed: a letter dropped, doubled, swapped with its
 * neighbour or replaced by the key next to it, in about a third of the words of five letters or more.
 */
const NEIGHBOURS: Record<string, string> = {
  а: 'вп', в: 'аі', е: 'кн', и: 'ті', і: 'вш', о: 'рл', р: 'оп', н: 'ег', т: 'иь', с: 'чм', к: 'уе', л: 'од', м: 'си', у: 'цк', д: 'лж', п: 'ар', я: 'ч', б: 'ью', ж: 'дє', ь: 'тб', ш: 'гщ', з: 'щх', й: 'ц', г: 'нш', ч: 'яс',
  a: 'sq', e: 'wr', i: 'uo', o: 'ip', n: 'bm', r: 'et', t: 'ry', s: 'ad', l: 'k', h: 'gj', d: 'sf', m: 'n', u: 'yi', g: 'fh', k: 'jl', w: 'qe', b: 'vn', v: 'cb', p: 'o', j: 'hk', c: 'xv', f: 'dg', y: 'tu',
};

export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

export function misspell(text: string, random: () => number): string {
  return text.replace(/[\p{L}]{5,}/gu, (w) => {
    if (random() > 0.35) return w;
    const i = 1 + Math.floor(random() * (w.length - 2));
    const kind = Math.floor(random() * 4);
    if (kind === 0) return w.slice(0, i) + w.slice(i + 1);
    if (kind === 1) return w.slice(0, i) + w[i] + w.slice(i);
    if (kind === 2) return w.slice(0, i) + w[i + 1] + w[i] + w.slice(i + 2);
    const near = NEIGHBOURS[w[i]!.toLowerCase()];
    return near ? w.slice(0, i) + near[Math.floor(random() * near.length)] + w.slice(i + 1) : w;
  });
}
