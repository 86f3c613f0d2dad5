/** Time limits for one HTTP request, and waits that end early when the caller gives up. */

/** One request's abort signal: fires at its deadline or when the caller's signal aborts, and tells which. */
export interface Deadline {
  readonly signal: AbortSignal;
  /** True once the deadline fired (as opposed to the caller aborting). */
  readonly timedOut: boolean;
  /** Stops the timer and the forwarding; call when the request is over, answered or not. */
  clear(): void;
}

export function startDeadline(timeoutMs: number, outer: AbortSignal | undefined): Deadline {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  const forwardAbort = (): void => controller.abort();
  outer?.addEventListener('abort', forwardAbort, { once: true });
  return {
    signal: controller.signal,
    get timedOut() {
      return timedOut;
    },
    clear() {
      clearTimeout(timer);
      outer?.removeEventListener('abort', forwardAbort);
    },
  };
}

/** Waits `ms`, or rejects with `abortError()` as soon as `signal` aborts (at once if it already has). */
export function abortableDelay(ms: number, signal: AbortSignal | undefined, abortError: () => Error): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(abortError());
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(abortError());
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
