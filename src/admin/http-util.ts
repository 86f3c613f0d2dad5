/** Small HTTP helpers for the admin: cookies, form fields, responses. */
import type { Request, Response } from 'express';
import type { SafeHtml } from './html';

export function parseCookies(header: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  if (!header) return out;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 1) continue;
    const name = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (!out.has(name)) {
      try {
        out.set(name, decodeURIComponent(value));
      } catch {
        // a malformed cookie is ignored
      }
    }
  }
  return out;
}

export interface CookieOptions {
  secure: boolean;
  maxAgeSeconds?: number;
}

export function cookie(name: string, value: string, options: CookieOptions): string {
  const parts = [`${name}=${encodeURIComponent(value)}`, 'Path=/admin', 'HttpOnly', 'SameSite=Strict'];
  if (options.secure) parts.push('Secure');
  if (options.maxAgeSeconds !== undefined) parts.push(`Max-Age=${options.maxAgeSeconds}`);
  return parts.join('; ');
}

/** A form field as one string: the first value when a field is repeated, '' when missing. */
export function field(req: Request, name: string): string {
  const body = (req.body ?? {}) as Record<string, unknown>;
  const value = body[name];
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && typeof value[0] === 'string') return value[0];
  return '';
}

/** A form field, or undefined when the form did not send it at all (as opposed to sending it empty). */
export function sentField(req: Request, name: string): string | undefined {
  const body = (req.body ?? {}) as Record<string, unknown>;
  return Object.hasOwn(body, name) ? field(req, name) : undefined;
}

export function query(req: Request, name: string): string {
  const value = req.query[name];
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && typeof value[0] === 'string') return value[0];
  return '';
}

export function sendPage(res: Response, status: number, page: SafeHtml): void {
  res.status(status).type('html').set('Cache-Control', 'no-store').send(page.value);
}

/** A redirect after a form (303: the browser follows with GET). */
export function seeOther(res: Response, location: string): void {
  res.status(303).set('Cache-Control', 'no-store').location(location).end();
}

/** Only paths inside the admin, never an open redirect. */
export function safeNext(next: string): string {
  return /^\/admin(?:\/[\w\-./?=&%]*)?$/.test(next) && !next.includes('//') && !next.includes('..') ? next : '/admin/entries';
}

/** Ids listed in a field ("3, 7,12"): positive integers, each once, at most 500. */
export function parseIds(text: string): number[] {
  return [...new Set(text.split(',').map((s) => Number(s.trim())))].filter((n) => Number.isInteger(n) && n > 0).slice(0, 500);
}

/** Lines of a textarea: trimmed, empty ones dropped, duplicates (ignoring case) dropped. */
export function lines(text: string): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of text.replace(/\r\n?/g, '\n').split('\n')) {
    const line = raw.trim().replace(/\s+/g, ' ');
    const key = line.toLowerCase();
    if (!line || seen.has(key)) continue;
    seen.add(key);
    out.push(line);
  }
  return out;
}

/** A multi-line text from a textarea: LF line ends, no trailing spaces, trimmed. */
export function multiline(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((l) => l.replace(/[ \t]+$/, ''))
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

const DAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam', year: 'numeric', month: '2-digit', day: '2-digit' });
const TIME = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Amsterdam', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

/** YYYY-MM-DD in the Netherlands. */
export function isoDay(date: Date): string {
  return DAY.format(date);
}

/** "2026-03-06 14:05" in the Netherlands. */
export function dateTime(ms: number): string {
  const d = new Date(ms);
  return `${DAY.format(d)} ${TIME.format(d)}`;
}
