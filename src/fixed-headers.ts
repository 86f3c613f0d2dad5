/**
 * A header middleware run once and replayed. helmet runs a small middleware per header on every response
 * (a twentieth of a web-chat answer's time on the main thread), yet with our options — no nonces, nothing
 * read from the request — it sets the same values every time. So it runs once, against a response that
 * only records, and every request then gets those headers from one function. A middleware that reads
 * the request or needs anything else of the response fails here, when the server is built.
 */
import type { Request, RequestHandler, Response } from 'express';

type HeaderStep = { set: string; value: string | number | readonly string[] } | { remove: string };

export function fixedHeaders(middleware: RequestHandler): RequestHandler {
  const steps: HeaderStep[] = [];
  let done = false;
  const recorder = {
    setHeader(name: string, value: string | number | readonly string[]) {
      steps.push({ set: name, value });
      return recorder;
    },
    removeHeader(name: string) {
      steps.push({ remove: name });
    },
  };
  const request = new Proxy(
    {},
    {
      get(_target, key) {
        throw new Error(`fixedHeaders: the middleware reads the request (${String(key)}), so its headers are not fixed`);
      },
    },
  );
  middleware(request as Request, recorder as unknown as Response, (err?: unknown) => {
    if (err !== undefined) throw err instanceof Error ? err : new Error(String(err));
    done = true;
  });
  if (!done) throw new Error('fixedHeaders: the middleware did not finish at once, so its headers are not fixed');
  return (_req, res, next) => {
    for (const step of steps) {
      if ('set' in step) res.setHeader(step.set, step.value);
      else res.removeHeader(step.remove);
    }
    next();
  };
}
