import "fake-indexeddb/auto";
import { beforeEach, describe, expect, it } from "vitest";
import { db, resetDbForTests } from "../src/lib/db";
import { Outbox, type OutboxEntry, type SendResult } from "../src/lib/outbox";

/** A fake server with the API's replay rule: the same client_id answers 200, never twice. */
class FakeServer {
  rows = new Map<string, unknown>();
  online = true;
  /** Commit the write but lose the answer (connection cut after the server saved it). */
  dropAnswerOnce = false;
  status: number | null = null;
  calls = 0;
  send = async (e: OutboxEntry): Promise<SendResult> => {
    this.calls++;
    if (!this.online) throw new TypeError("Failed to fetch");
    if (this.status) return { status: this.status, body: { code: "invalid", detail: "Bad entry.", fields: {} } };
    const id = e.client_id;
    const replay = this.rows.has(id);
    if (!replay) this.rows.set(id, e.body);
    if (this.dropAnswerOnce) {
      this.dropAnswerOnce = false;
      throw new TypeError("network connection lost");
    }
    return { status: replay ? 200 : 201, body: this.rows.get(id) };
  };
}

let n = 0;
beforeEach(async () => {
  resetDbForTests();
  indexedDB.deleteDatabase("hep-tracker");
  n++;
});

function make(server: FakeServer) {
  const name = `hep-test-${n}`;
  resetDbForTests();
  return new Outbox(server.send, () => db(name));
}

describe("outbox", () => {
  it("on a shared phone, sends each person's entries only under their own sign-in", async () => {
    const server = new FakeServer();
    server.online = false;
    let signedIn: number | null = 1;
    resetDbForTests();
    const ob = new Outbox(server.send, () => db(`hep-test-${n}`), () => signedIn);
    const ada = await ob.add("headache-log", "POST", "headache-logs", { peak_pain: 6 });
    signedIn = 2; // Ada signed out offline; Ben signs in on the same phone
    server.online = true;
    const bens = await ob.add("headache-log", "POST", "headache-logs", { peak_pain: 3 });
    expect((await ob.pending()).map((e) => e.client_id)).toEqual([bens.client_id]);
    expect((await ob.sync()).sent).toEqual([bens.client_id]);
    expect(server.rows.has(ada.client_id)).toBe(false); // not sent as Ben's
    signedIn = 1; // Ada again: hers goes out, nothing lost
    expect((await ob.sync()).sent).toEqual([ada.client_id]);
    expect(server.rows.size).toBe(2);
  });

  it("stores first with a client UUID, waiting to sync", async () => {
    const server = new FakeServer();
    const ob = make(server);
    const e = await ob.add("headache-log", "POST", "headache-logs", { peak_pain: 6 });
    expect(e.client_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(e.body.client_id).toBe(e.client_id);
    expect((await ob.pending()).map((p) => p.client_id)).toEqual([e.client_id]);
    expect(server.calls).toBe(0);
  });

  it("keeps entries while offline and sends them in order once online", async () => {
    const server = new FakeServer();
    server.online = false;
    const ob = make(server);
    const a = await ob.add("session-log", "POST", "session-logs", { soreness_after: 2 });
    const b = await ob.add("headache-log", "POST", "headache-logs", { peak_pain: 5 });
    const r1 = await ob.sync();
    expect(r1.stoppedEarly).toBe(true);
    expect(r1.kept).toEqual([a.client_id, b.client_id]);
    expect(await ob.pending()).toHaveLength(2);
    expect((await ob.pending())[0].attempts).toBe(1);
    server.online = true;
    const r2 = await ob.sync();
    expect(r2.sent).toEqual([a.client_id, b.client_id]);
    expect(await ob.pending()).toHaveLength(0);
    expect(server.rows.size).toBe(2);
  });

  it("never duplicates when a sync is cut off after the server saved the entry", async () => {
    const server = new FakeServer();
    server.dropAnswerOnce = true;
    const ob = make(server);
    const e = await ob.add("headache-log", "POST", "headache-logs", { peak_pain: 7 });
    const r1 = await ob.sync();
    expect(r1.kept).toEqual([e.client_id]); // the answer was lost: keep it
    expect(server.rows.size).toBe(1);
    const r2 = await ob.sync(); // resend: the server replays (200) instead of duplicating
    expect(r2.sent).toEqual([e.client_id]);
    expect(server.rows.size).toBe(1);
    expect(await ob.pending()).toHaveLength(0);
  });

  it("runs one sync at a time (online event + app start together send once)", async () => {
    const server = new FakeServer();
    const ob = make(server);
    await ob.add("headache-log", "POST", "headache-logs", { peak_pain: 3 });
    const [r1, r2] = await Promise.all([ob.sync(), ob.sync()]);
    expect(r1).toBe(r2);
    expect(server.calls).toBe(1);
    await ob.sync();
    expect(server.calls).toBe(1);
  });

  it("keeps entries on 5xx and drops them with a visible error on 4xx", async () => {
    const server = new FakeServer();
    const ob = make(server);
    const e = await ob.add("checkin", "PUT", "daily-checkins/2026-01-02", { neck_soreness: 3, headache_free: true });
    expect(e.body.client_id).toBeUndefined(); // PUT by date: last write wins, no client_id in the body
    server.status = 503;
    await ob.sync();
    expect(await ob.pending()).toHaveLength(1);
    server.status = 400;
    let notified = 0;
    ob.subscribe(() => notified++);
    const r = await ob.sync();
    expect(r.rejected).toHaveLength(1);
    expect(r.rejected[0].detail).toBe("Bad entry.");
    expect(ob.rejected).toHaveLength(1);
    expect(await ob.pending()).toHaveLength(0);
    expect(notified).toBeGreaterThan(0);
    ob.dismissRejected(e.client_id);
    expect(ob.rejected).toHaveLength(0);
  });

  it("keeps a session log refused for want of a pain rating until the patient answers", async () => {
    const server = new FakeServer();
    const ob = make(server);
    // Queued offline by an older app that had no pain question.
    const e = await ob.add("session-log", "POST", "session-logs", { assignment: 1, entries: [] });
    const send = server.send;
    server.send = async (entry) => entry.body.pain_during == null
      ? { status: 400, body: { code: "invalid", detail: "Please rate your pain.",
                               fields: { pain_during: ["Please rate your pain."] } } }
      : send(entry);
    const ob2 = new Outbox(server.send, () => db(`hep-test-${n}`));
    const r = await ob2.sync();
    expect(r.rejected).toHaveLength(0);
    expect(r.kept).toEqual([e.client_id]);
    expect((await ob2.waitingForAnswer()).map((w) => w.client_id)).toEqual([e.client_id]);
    await ob2.sync(); // not resent while it waits for the answer
    expect(server.rows.size).toBe(0);
    await ob2.answer(e.client_id, { pain_during: 2 });
    expect((await ob2.sync()).sent).toEqual([e.client_id]);
    expect((server.rows.get(e.client_id) as { pain_during: number }).pain_during).toBe(2);
    expect(await ob2.pending()).toHaveLength(0);
    void ob;
  });

  it("keeps entries on 401 (sign-in expired) and 429", async () => {
    const server = new FakeServer();
    const ob = make(server);
    await ob.add("headache-log", "POST", "headache-logs", { peak_pain: 3 });
    for (const status of [401, 429]) {
      server.status = status;
      await ob.sync();
      expect(await ob.pending()).toHaveLength(1);
    }
  });

  it("survives a restart: entries are read back from IndexedDB", async () => {
    const server = new FakeServer();
    server.online = false;
    const ob = make(server);
    await ob.add("headache-log", "POST", "headache-logs", { peak_pain: 4 });
    const again = new Outbox(server.send, () => db(`hep-test-${n}`));
    expect(await again.pending()).toHaveLength(1);
    server.online = true;
    await again.sync();
    expect(server.rows.size).toBe(1);
  });

  it("never drops a session because its note is too long: sends it again with the note cut", async () => {
    // Issue 13 defect: a note over 2,000 characters discarded the whole session.
    const server = new FakeServer();
    const send = server.send;
    server.send = async (entry) => String(entry.body.notes ?? "").length > 2000
      ? { status: 400, body: { code: "invalid", detail: "Notes: at most 2,000 characters.",
                               fields: { notes: ["Ensure this field has no more than 2000 characters."] } } }
      : send(entry);
    const ob = make(server);
    const e = await ob.add("session-log", "POST", "session-logs",
                           { assignment: 1, pain_during: 2, notes: "x".repeat(2500) });
    const report = await ob.sync();
    expect(report.rejected).toEqual([]);
    expect(report.sent).toEqual([e.client_id]);
    expect((server.rows.get(e.client_id) as { notes: string }).notes).toHaveLength(2000);
    expect(await ob.pending()).toEqual([]);
  });

  it("still drops a session refused for something the app cannot mend", async () => {
    const server = new FakeServer();
    server.send = async () => ({ status: 400, body: { code: "invalid", detail: "No such program.",
                                                      fields: { assignment: ["Not found."] } } });
    const ob = make(server);
    await ob.add("session-log", "POST", "session-logs", { assignment: 99, pain_during: 2, notes: "x".repeat(2500) });
    expect((await ob.sync()).rejected).toHaveLength(1);
  });
});
