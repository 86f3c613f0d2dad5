/** Longer URLs are not linked: a message must always fit one link plus some text. */
const MAX_URL_LENGTH = 2048;

/** The URL itself when it is an absolute http(s) URL we are willing to link; undefined otherwise. */
export function safeHttpUrl(url: string): string | undefined {
  if (url.length > MAX_URL_LENGTH || !/^https?:\/\//i.test(url)) return undefined;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? url : undefined;
  } catch {
    return undefined;
  }
}
