/** `text` with every occurrence of `secret` replaced, for error texts that may quote a URL or a header. */
export function redact(text: string, secret: string): string {
  return text.split(secret).join('<token>');
}
