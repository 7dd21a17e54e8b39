import { useEffect, useRef, useState } from "preact/hooks";
import { type Auth } from "../lib/api";
import { prescribedDose } from "../lib/performed";
import { m } from "../messages";
import { Loading, LoadError, Notice, usePending, useLoad } from "../ui";
import { Guided } from "./GuidedSession";
import { forget, keep, keptSession, whereItStands, type GuidedState, type KeptSession } from "./guidedProgress";
import { EndOfSession, PainAsked } from "./LogSession";
import { doseText, loadToday, type Performed, type TodayItem } from "./plan";
import { RestToday } from "./RestToday";

// Other screens (the headache form) read today's plan through here as before.
export { doseText, loadToday, type Performed, type TodayData, type TodayItem } from "./plan";
export { EndOfSession, PainAsked } from "./LogSession";

export function Today(props: { auth: Auth }) {
  const [data, err, reload] = useLoad(loadToday, []);
  const [mode, setMode] = useState<"list" | "guided" | "end">("list");
  const [done, setDone] = useState<Performed[]>([]);
  // Fixed when the session starts: a log syncing meanwhile reloads the plan, and the
  // steps under way must not shift.
  const [guided, setGuided] = useState<TodayItem[]>([]);
  const [saved, setSaved] = useState<string | null>(null);
  const [nothing, setNothing] = useState(false);
  // A guided session kept on the phone (guidedProgress): resumed, logged or discarded, never lost.
  // undefined until read: no "Start" to tap over a kept session meanwhile.
  const [kept, setKept] = useState<KeptSession | null | undefined>(undefined);
  const [resumeAt, setResumeAt] = useState<GuidedState | undefined>();
  const [endOfGuided, setEndOfGuided] = useState(false);
  const user = props.auth.user.id;
  useEffect(() => {
    if (data) keptSession(user, data.date).then(setKept);
  }, [data?.date]);
  const pending = usePending();
  const pendingCount = useRef(pending.length);
  useEffect(() => {
    // Entries just synced: the server's view (done counts, notices) has changed.
    if (pending.length < pendingCount.current) reload();
    pendingCount.current = pending.length;
  }, [pending.length]);

  if (err && !data) return <LoadError retry={reload} />;
  if (!data) return <Loading />;

  // Logs still in the outbox count as done here already.
  const localDone = (it: TodayItem) => pending.filter((p) => p.kind === "session-log" && p.body.assignment === it.assignment &&
    (p.body.entries as { exercise: string }[]).some((e) => e.exercise === it.exercise.slug)).length;
  const items = data.items.map((it) => ({ ...it, done: Math.min(it.due || 99, it.done + localDone(it)) }));
  const remaining = items.filter((it) => it.done < it.due);
  const stopped = (data.notices ?? []).length > 0;

  const remember = (session: KeptSession | null) => {
    setKept(session);
    if (session) keep(session); else forget();
  };
  const startGuided = (list: TodayItem[], at?: GuidedState) => {
    setSaved(null); setNothing(false); setGuided(list); setResumeAt(at); setMode("guided");
    if (!at) remember({ user, date: data.date, items: list, state: { idx: 0, results: [] } });
  };
  if (mode === "guided") {
    return <Guided items={guided} start={resumeAt}
                   onProgress={(state) => remember({ user, date: data.date, items: guided, state })}
                   onFinish={(performed) => {
                     setDone(performed); setNothing(performed.length === 0); setMode(performed.length ? "end" : "list");
                     setEndOfGuided(performed.length > 0);
                     // Until "How did it go?" is saved, the session stays on the phone.
                     remember(performed.length ? { user, date: data.date, items: guided, state: kept?.state ?? { idx: 0, results: [] }, done: performed } : null);
                   }}
                   onCancel={() => { remember(null); setMode("list"); }} />;
  }
  if (mode === "end") {
    return <EndOfSession done={done} onSaved={(msg) => { setSaved(msg); setMode("list"); if (endOfGuided) remember(null); }}
                         onCancel={() => setMode("list")} />;
  }
  return (
    <section aria-labelledby="today-h">
      <h1 id="today-h">{m.todayTitle}</h1>
      {(data.notices ?? []).map((n) => (
        <Notice kind="stop" title={m.stopAndRest} key={n.since}>{n.message}</Notice>
      ))}
      {data.program_changed && (
        <Notice title={m.programChangedTitle}>
          {m.programChanged(data.program_changed.program, new Date(data.program_changed.changed_at).toLocaleDateString([], { weekday: "short", day: "numeric", month: "short" }))}
        </Notice>
      )}
      {kept && <KeptBanner kept={kept} onDiscard={() => remember(null)} onResume={() => {
        if (kept.done) { setSaved(null); setDone(kept.done); setEndOfGuided(true); setMode("end"); }
        else startGuided(kept.items, kept.state);
      }} />}
      <PainAsked />
      {saved && <Notice kind="ok">{saved}</Notice>}
      {nothing && <Notice>{m.nothingLogged}</Notice>}
      {items.length === 0 && <p>{m.nothingDue}</p>}
      {(items.length > 0 || data.skipped) && (
        <RestToday date={data.date} skipped={data.skipped ?? null} stopped={stopped} onChange={reload} />
      )}
      {items.length > 0 && kept === null && !stopped && (
        <div class="row" style={{ marginBottom: "1rem" }}>
          <button class="btn big" onClick={() => startGuided(remaining.length ? remaining : items)}>{m.startGuided}</button>
        </div>
      )}
      {items.map((it) => (
        <article class="card" key={`${it.assignment}-${it.item}`} aria-labelledby={`ex-${it.item}`}>
          <h2 id={`ex-${it.item}`}>{it.exercise.name}</h2>
          <p class="dose">{doseText(it)}</p>
          <p class="muted">{it.done >= it.due && it.due > 0 ? `✓ ${m.allDone}` : m.doneOf(it.done, it.due)}</p>
          <details><summary>{m.instructions}</summary><p class="pre">{it.exercise.instructions}</p></details>
          {it.exercise.what_to_feel && <details><summary>{m.whatToFeel}</summary><p class="pre">{it.exercise.what_to_feel}</p></details>}
          {it.exercise.stop_if && <details open><summary>{m.stopIf}</summary><p class="pre">{it.exercise.stop_if}</p></details>}
          {it.exercise.cues && it.exercise.cues.length > 0 && (
            <details><summary>{m.watchFor}</summary><ul>{it.exercise.cues.map((c) => <li key={c}>{c}</li>)}</ul></details>
          )}
          <button class="btn secondary" onClick={() => {
            setSaved(null); setNothing(false); setDone([{ item: it, dose: prescribedDose(it.prescription) }]); setEndOfGuided(false); setMode("end");
          }}>{m.logDone}</button>
        </article>
      ))}
      {/* A stop-and-rest day: the session is still there, below the list, not the main action. */}
      {items.length > 0 && kept === null && stopped && (
        <div data-testid="start-after-stop">
          <p class="muted">{m.startAfterStop}</p>
          <button class="btn secondary" onClick={() => startGuided(remaining.length ? remaining : items)}>{m.startGuided}</button>
        </div>
      )}
      <p><a class="btn ghost" href="/checkin/weekly">{m.weekly.open}</a></p>
    </section>
  );
}

/** A session left half-way (another tab, the phone asleep) or not yet rated: resume it, or
 * discard it after a second tap. */
function KeptBanner(props: { kept: KeptSession; onResume: () => void; onDiscard: () => void }) {
  const [asking, setAsking] = useState(false);
  const where = whereItStands(props.kept);
  const k = m.kept;
  return (
    <div class="notice info" role="status" data-testid="kept-session">
      <p>{props.kept.done ? k.toSave(props.kept.done.map((d) => d.item.exercise.name).join(", ")) : k.underWay(where.n, where.of, where.name)}</p>
      {asking ? (
        <>
          <p><strong>{k.discardAsk}</strong></p>
          <div class="row">
            <button class="btn secondary" onClick={props.onDiscard}>{k.discardYes}</button>
            <button class="btn" onClick={() => setAsking(false)}>{k.discardNo}</button>
          </div>
        </>
      ) : (
        <div class="row">
          <button class="btn big" onClick={props.onResume}>{k.resume}</button>
          <button class="btn ghost" onClick={() => setAsking(true)}>{k.discard}</button>
        </div>
      )}
    </div>
  );
}
