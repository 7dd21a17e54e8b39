// Offline outbox. Every write is stored first ("waiting to sync") with a client UUID, then
// sent. An entry leaves the outbox only after a 2xx (201, or 200 when the server replays
// an id it already has), stays on network errors and 5xx, and is dropped with a visible
// error on any other 4xx, except one: a session log that an older app queued without a
// pain rating (the server now requires `pain_during`) is kept, marked `needs: "pain_during"`,
// and waits for the patient to answer (`answer`): evidence is never dropped; one refused only
// for a note over NOTES_MAX characters is sent again with the note cut. Resending is safe: the server answers the same client_id with
// the first record, never a duplicate.
import { db, type Db } from "./db";

export type OutboxKind = "session-log" | "headache-log" | "headache-edit" | "headache-delete" | "checkin" | "weekly-checkin" | "measure";
export type OutboxMethod = "POST" | "PUT" | "PATCH" | "DELETE";

export interface OutboxEntry {
  client_id: string;
  kind: OutboxKind;
  // PATCH carries the `version` it changes (a replay is applied once, a stale one is 409
  // and shown as refused); DELETE is safe to resend (204 again).
  method: OutboxMethod;
  path: string; // under /api/v1/
  body: Record<string, unknown>;
  created_at: string;
  /** Send order: creation time in µs plus a counter, so same-millisecond writes keep order. */
  order: number;
  attempts: number;
  last_error?: string;
  /** The signed-in user who wrote it: sent only under their sign-in. */
  owner?: number;
  /** A field the server asked for that only the patient can give; not sent until answered. */
  needs?: "pain_during";
}

export interface SendResult {
  status: number;
  body: unknown;
}
/** Throws on a network failure; otherwise resolves with the HTTP status. */
export type Sender = (entry: OutboxEntry) => Promise<SendResult>;

export interface Rejected {
  entry: OutboxEntry;
  status: number;
  detail: string;
}

export interface SyncReport {
  sent: string[];
  kept: string[];
  rejected: Rejected[];
  stoppedEarly: boolean;
}

/** A session log refused only for want of a pain rating (older app, or a form bug). */
function needsPain(entry: OutboxEntry, result: SendResult): boolean {
  if (entry.kind !== "session-log" || result.status !== 400) return false;
  const fields = (result.body as { fields?: Record<string, unknown> } | null)?.fields ?? {};
  const names = Object.keys(fields);
  return names.length > 0 && names.every((name) => name === "pain_during");
}

/** The longest session note the server keeps (logs.api.serializers, 2,000 characters). */
export const NOTES_MAX = 2000;

/** A session log refused only because its note is too long (an older app had no limit):
 * the session is evidence, so it is sent again with the note cut to the limit. */
function notesTooLong(entry: OutboxEntry, result: SendResult): boolean {
  if (entry.kind !== "session-log" || result.status !== 400) return false;
  const fields = (result.body as { fields?: Record<string, unknown> } | null)?.fields ?? {};
  const names = Object.keys(fields);
  const notes = entry.body.notes;
  return names.length > 0 && names.every((name) => name === "notes")
    && typeof notes === "string" && notes.length > NOTES_MAX;
}

export function newClientId(): string {
  return crypto.randomUUID();
}

type Listener = () => void;

let seq = 0;
function nextOrder(): number {
  seq = (seq + 1) % 1000;
  return Date.now() * 1000 + seq;
}

export class Outbox {
  private inFlight: Promise<SyncReport> | null = null;
  private listeners = new Set<Listener>();
  readonly rejected: Rejected[] = [];

  /** `owner` names the signed-in user. On a shared phone one person's entries wait for
   * them to sign in again: never sent under someone else's token, never dropped. */
  constructor(private send: Sender, private getDb: () => Promise<Db> = db,
              private owner: () => number | null = () => null) {}

  private mine(entries: OutboxEntry[]): OutboxEntry[] {
    const me = this.owner();
    return entries.filter((e) => e.owner === undefined || e.owner === me);
  }

  subscribe(fn: Listener): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }
  private emit() {
    this.listeners.forEach((fn) => fn());
  }

  async add(kind: OutboxKind, method: OutboxMethod, path: string,
            body: Record<string, unknown>, clientId = newClientId()): Promise<OutboxEntry> {
    const entry: OutboxEntry = {
      client_id: clientId, kind, method, path,
      body: method === "POST" ? { ...body, client_id: clientId } : body,
      created_at: new Date().toISOString(), order: nextOrder(), attempts: 0,
      ...(this.owner() != null ? { owner: this.owner()! } : {}),
    };
    await (await this.getDb()).put("outbox", entry);
    this.emit();
    return entry;
  }

  /** Entries waiting for the patient's answer (`needs`). */
  async waitingForAnswer(): Promise<OutboxEntry[]> {
    return (await this.pending()).filter((e) => e.needs);
  }

  /** The patient's answer to what the server asked for; the entry is sent again. */
  async answer(clientId: string, values: Record<string, unknown>): Promise<void> {
    const d = await this.getDb();
    const entry = await d.get("outbox", clientId);
    if (!entry) return;
    const { needs: _answered, ...rest } = entry;
    await d.put("outbox", { ...rest, body: { ...entry.body, ...values } });
    this.emit();
  }

  async pending(): Promise<OutboxEntry[]> {
    return this.mine(await (await this.getDb()).getAllFromIndex("outbox", "by_order"));
  }

  dismissRejected(clientId: string) {
    const i = this.rejected.findIndex((r) => r.entry.client_id === clientId);
    if (i >= 0) this.rejected.splice(i, 1);
    this.emit();
  }

  /** One sync at a time: a second call while one runs gets the running one. */
  sync(): Promise<SyncReport> {
    if (!this.inFlight) {
      this.inFlight = this.run().finally(() => {
        this.inFlight = null;
      });
    }
    return this.inFlight;
  }

  private async run(): Promise<SyncReport> {
    const report: SyncReport = { sent: [], kept: [], rejected: [], stoppedEarly: false };
    const d = await this.getDb();
    const entries = this.mine(await d.getAllFromIndex("outbox", "by_order"));
    for (let i = 0; i < entries.length; i++) {
      const entry = entries[i];
      // Another tab may have sent it meanwhile; one waiting for an answer stays put.
      if (!(await d.get("outbox", entry.client_id)) || entry.needs) continue;
      let result: SendResult;
      try {
        result = await this.send(entry);
      } catch (err) {
        // Offline or cut off: keep this and everything after it, try again later.
        await d.put("outbox", { ...entry, attempts: entry.attempts + 1, last_error: String(err) });
        report.kept.push(...entries.slice(i).map((e) => e.client_id));
        report.stoppedEarly = true;
        break;
      }
      if (result.status >= 200 && result.status < 300) {
        await d.delete("outbox", entry.client_id);
        report.sent.push(entry.client_id);
      } else if (result.status >= 500 || result.status === 401 || result.status === 408 || result.status === 429) {
        // Server trouble, expired sign-in or rate limit: the entry is still good.
        await d.put("outbox", { ...entry, attempts: entry.attempts + 1, last_error: `HTTP ${result.status}` });
        report.kept.push(...entries.slice(i).map((e) => e.client_id));
        report.stoppedEarly = true;
        break;
      } else if (notesTooLong(entry, result)) {
        // Never drop a session for one field: keep the first NOTES_MAX characters, send again.
        const shorter = { ...entry, attempts: entry.attempts + 1, last_error: `HTTP ${result.status}`,
                          body: { ...entry.body, notes: String(entry.body.notes).slice(0, NOTES_MAX) } };
        await d.put("outbox", shorter);
        entries[i] = shorter;
        i--;
      } else if (needsPain(entry, result)) {
        // Kept: only the patient can say how much it hurt.
        await d.put("outbox", { ...entry, attempts: entry.attempts + 1, needs: "pain_during",
                                last_error: `HTTP ${result.status}` });
        report.kept.push(entry.client_id);
      } else {
        await d.delete("outbox", entry.client_id);
        const body = result.body as { detail?: string } | null;
        const rej = { entry, status: result.status, detail: body?.detail ?? `HTTP ${result.status}` };
        report.rejected.push(rej);
        this.rejected.push(rej);
      }
    }
    this.emit();
    return report;
  }
}
