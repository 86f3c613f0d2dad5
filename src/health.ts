/**
 * What /healthz reports: which parts work. The bot keeps answering when storage fails (the knowledge is
 * in memory), so a failing component makes the service "degraded", not down.
 */
export interface ComponentStatus {
  ok: boolean;
  since: string;
  error?: string;
  /** The machine-readable cause, when the error has one (SQLITE_FULL, SQLITE_BUSY, ECONNREFUSED…). */
  code?: string;
}

export class Health {
  private readonly components = new Map<string, ComponentStatus>();
  private readonly details = new Map<string, () => unknown>();

  constructor(private readonly now: () => Date = () => new Date()) {}

  ok(component: string): void {
    const current = this.components.get(component);
    if (!current || !current.ok) this.components.set(component, { ok: true, since: this.now().toISOString() });
  }

  failed(component: string, err: unknown): void {
    // Read structurally: errors from native modules (better-sqlite3) or another realm fail `instanceof Error`.
    const { code, name, message: text } = (typeof err === 'object' && err !== null ? err : {}) as { code?: unknown; name?: unknown; message?: unknown };
    const message = typeof text === 'string' ? `${typeof code === 'string' ? code : String(name ?? 'Error')}: ${text}` : String(err);
    const current = this.components.get(component);
    this.components.set(component, {
      ok: false,
      since: current && !current.ok ? current.since : this.now().toISOString(),
      error: message.slice(0, 300),
      ...(typeof code === 'string' ? { code: code.slice(0, 60) } : {}),
    });
  }

  /** Adds a live figure to the report (queue lengths, knowledge size…). */
  detail(name: string, read: () => unknown): void {
    this.details.set(name, read);
  }

  report(): { status: 'ok' | 'degraded'; components: Record<string, ComponentStatus>; details: Record<string, unknown> } {
    const components = Object.fromEntries(this.components);
    const details = Object.fromEntries([...this.details].map(([k, read]) => [k, safeRead(read)]));
    return { status: [...this.components.values()].every((c) => c.ok) ? 'ok' : 'degraded', components, details };
  }
}

function safeRead(read: () => unknown): unknown {
  try {
    return read();
  } catch (err) {
    return { error: (err as Error).message };
  }
}
