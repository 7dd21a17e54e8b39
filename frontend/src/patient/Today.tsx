import { useEffect, useRef, useState } from "preact/hooks";
import { type Auth } from "../lib/api";
import { prescribedDose } from "../lib/performed";
import { m } from "../messages";
import { Loading, LoadError, Notice, usePending, useLoad } from "../ui";
import { Guided } from "./GuidedSession";
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

  if (mode === "guided") {
    return <Guided items={guided}
                   onFinish={(performed) => { setDone(performed); setNothing(performed.length === 0); setMode(performed.length ? "end" : "list"); }}
                   onCancel={() => setMode("list")} />;
  }
  if (mode === "end") {
    return <EndOfSession done={done} onSaved={(msg) => { setSaved(msg); setMode("list"); }} onCancel={() => setMode("list")} />;
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
      <PainAsked />
      {saved && <Notice kind="ok">{saved}</Notice>}
      {nothing && <Notice>{m.nothingLogged}</Notice>}
      {items.length === 0 && <p>{m.nothingDue}</p>}
      {(items.length > 0 || data.skipped) && (
        <RestToday date={data.date} skipped={data.skipped ?? null} stopped={(data.notices ?? []).length > 0} onChange={reload} />
      )}
      {items.length > 0 && (
        <div class="row" style={{ marginBottom: "1rem" }}>
          <button class="btn big" onClick={() => {
            setSaved(null); setNothing(false); setGuided(remaining.length ? remaining : items); setMode("guided");
          }}>{m.startGuided}</button>
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
            setSaved(null); setNothing(false); setDone([{ item: it, dose: prescribedDose(it.prescription) }]); setMode("end");
          }}>{m.logDone}</button>
        </article>
      ))}
    </section>
  );
}

