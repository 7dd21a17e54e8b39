import { useState } from "preact/hooks";
import { ApiError, get, logout, patch, post, type Auth } from "../lib/api";
import { m } from "../messages";
import type { Adherence, Assignment, Week } from "../patient/Progress";
import { shortDate } from "../patient/Progress";
import { Bars, Line, Loading, LoadError, Notice, ThemeToggle, useLoad } from "../ui";
import { DigestSettings } from "./DigestSettings";
import { ScreeningSection } from "./Screening";
import { Account } from "../account/Account";
import { Clinic } from "./Clinic";
import { hasTrend, trendLabel } from "./trend";

interface Patient {
  id: number; email: string; first_name: string; last_name: string; timezone: string; status: string;
  baseline_headache_days_28: number | null;
  adherence: { last_7_days_pct: number | null; weekly_pct: (number | null)[]; last_log_at: string | null; open_alerts: number };
  needs_attention: string[];
}
interface Alert { id: number; patient: number; patient_name: string; kind: string; created_at: string; details: Record<string, unknown> }
interface Invite { token: string; url: string; expires_at: string }
interface Template { slug: string; name: string; summary: string; phases: { name: string; items: { exercise: string | { slug: string } }[] }[] }

const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString([], { dateStyle: "medium", timeStyle: "short" }) : "–");
const name = (p: { first_name: string; last_name: string }) => `${p.first_name} ${p.last_name}`;

export default function TherapistApp(props: { auth: Auth; path: string; onSignOut: () => void }) {
  const p = props.path;
  const match = p.match(/^\/therapist\/patients\/(\d+)/);
  const account = p.startsWith("/therapist/account");
  const admin = props.auth.user.role === "clinic_admin";
  const clinic = admin && p.startsWith("/therapist/clinic");
  const screen = match ? <PatientPage id={Number(match[1])} /> : p.startsWith("/therapist/alerts") ? <Alerts />
    : account ? <Account auth={props.auth} onSignOut={props.onSignOut} /> : clinic ? <Clinic /> : <PatientList />;
  return (
    <>
      <a class="skip" href="#main">{m.skipToContent}</a>
      <header class="top">
        <span class="brand">{m.appName} · {props.auth.user.clinic_name ?? ""}</span>
        <nav class="side" aria-label="Main">
          <a href="/therapist" aria-current={!match && !account && !clinic && !p.startsWith("/therapist/alerts") ? "page" : undefined}>{m.navPatients}</a>
          <a href="/therapist/alerts" aria-current={p.startsWith("/therapist/alerts") ? "page" : undefined}>{m.navAlerts}</a>
          {admin && <a href="/therapist/clinic" aria-current={clinic ? "page" : undefined}>{m.navClinic}</a>}
          <a href="/therapist/account" aria-current={account ? "page" : undefined}>{m.navAccount}</a>
        </nav>
        <ThemeToggle />
        <button class="btn ghost small" onClick={async () => { await logout(); props.onSignOut(); }}>{m.signOut}</button>
      </header>
      <main id="main" class="wide" tabIndex={-1}>{screen}</main>
    </>
  );
}

// The list carries each patient's weeks: no request per row.
function Trend(props: { weekly: (number | null)[] }) {
  if (!hasTrend(props.weekly)) return <span class="muted">–</span>;
  return <Line small title={m.adherenceChart} max={100} values={props.weekly} label={trendLabel(props.weekly)} />;
}

function PatientList() {
  const [list, err, reload] = useLoad(() => get<Patient[]>("patients"));
  const [showNew, setShowNew] = useState(false);
  if (err && !list) return <LoadError retry={reload} />;
  if (!list) return <Loading />;
  return (
    <section aria-labelledby="pl-h">
      <div class="row"><h1 id="pl-h" style={{ flex: 1 }}>{m.patientsTitle}</h1>
        <button class="btn" onClick={() => setShowNew(!showNew)} aria-expanded={showNew}>{m.newPatient}</button></div>
      {showNew && <NewPatient onCreated={reload} />}
      <div class="scroll"><table class="list">
        <thead><tr><th>{m.patientsTitle}</th><th>{m.needsAttention}</th><th>{m.last7}</th><th>{m.adherenceChart}</th><th>{m.lastLog}</th><th>{m.openAlerts}</th></tr></thead>
        <tbody>
          {/* In the server's order: neediest first (monitoring.selectors). */}
          {list.map((p) => (
            <tr key={p.id}>
              <td><a href={`/therapist/patients/${p.id}`}>{name(p)}</a>{p.status !== "active" && <span class="badge"> {p.status}</span>}</td>
              <td>{p.needs_attention.map((k) => m.attention[k] ?? k).join(", ") || "–"}</td>
              <td>{p.adherence.last_7_days_pct ?? "–"}{p.adherence.last_7_days_pct != null ? "%" : ""}</td>
              <td><Trend weekly={p.adherence.weekly_pct} /></td>
              <td>{when(p.adherence.last_log_at)}</td>
              <td>{p.adherence.open_alerts}</td>
            </tr>
          ))}
        </tbody>
      </table></div>
    </section>
  );
}

function InviteBox(props: { invite: Invite }) {
  const [copied, setCopied] = useState(false);
  return (
    <Notice kind="ok" title={m.inviteLink}>
      <code class="link" data-testid="invite-url">{props.invite.url}</code>
      <button class="btn small" onClick={() => navigator.clipboard?.writeText(props.invite.url).then(() => setCopied(true))}>{copied ? m.copied : m.copy}</button>
      <span class="muted"> {when(props.invite.expires_at)}</span>
    </Notice>
  );
}

function NewPatient(props: { onCreated: () => void }) {
  const [f, setF] = useState({ email: "", first_name: "", last_name: "", timezone: Intl.DateTimeFormat().resolvedOptions().timeZone });
  const [err, setErr] = useState<ApiError | null>(null);
  const [created, setCreated] = useState<(Patient & { invite: Invite }) | null>(null);
  const submit = async (e: Event) => {
    e.preventDefault();
    setErr(null);
    try {
      const p = await post<Patient & { invite: Invite }>("patients", f);
      setCreated(p);
      props.onCreated();
    } catch (x) { setErr(x as ApiError); }
  };
  const input = (k: keyof typeof f, label: string, type: "text" | "email" = "text") => (
    <label class="field">{label}
      <input {...({ type } as { type: "text" })} value={f[k]} required aria-invalid={!!err?.field?.(k)} onInput={(e) => setF({ ...f, [k]: e.currentTarget.value })} />
      {err?.field?.(k) && <span class="muted">{err.field(k)}</span>}
    </label>
  );
  return (
    <form class="card" onSubmit={submit}>
      {created ? (<><p><a href={`/therapist/patients/${created.id}`}>{name(created)}</a></p><InviteBox invite={created.invite} /></>) : (
        <>
          {err && <Notice kind="error">{err.detail}</Notice>}
          <div class="grid2">{input("first_name", m.firstName)}{input("last_name", m.lastName)}{input("email", m.email, "email")}{input("timezone", m.timezone)}</div>
          <button class="btn" type="submit">{m.createPatient}</button>
        </>
      )}
    </form>
  );
}

interface SessionLog { id: number; performed_at: string; pain_during: number; soreness_after: number; headache_triggered: boolean; entries: { exercise: string }[] }
interface HeadacheLog { id: number; started_at: string; peak_pain: number; migraine: boolean }
interface Outcomes { weeks_in_program: number | null; verdict: string; headache_days: { baseline_28: number | null; last_28: number; change_pct: number | null; reason?: string; band?: string | null; baseline_recalled?: boolean };
  evidence_for?: string[]; evidence_against?: string[]; programs?: { assignment: number; name: string; weeks: number; verdict: string }[];
  hit6: { first: number | null; latest: number | null; change: number | null }; ndi: { first: number | null; latest: number | null; change: number | null } }

function PatientPage(props: { id: number }) {
  const id = props.id;
  const [p] = useLoad(() => get<Patient>(`patients/${id}`), [id]);
  const [adh] = useLoad(() => get<Adherence>(`patients/${id}/adherence?weeks=12`), [id]);
  const [sessions, , reloadS] = useLoad(() => get<SessionLog[]>(`session-logs?patient=${id}`), [id]);
  const [heads] = useLoad(() => get<HeadacheLog[]>(`headache-logs?patient=${id}`), [id]);
  const [out] = useLoad(() => get<Outcomes>(`patients/${id}/outcomes`), [id]);
  const [invite, setInvite] = useState<Invite | null>(null);
  if (!p) return <Loading />;
  const weeks = adh?.weeks ?? [];
  const timeline = [
    ...(sessions ?? []).map((s) => ({ at: s.performed_at, text: m.sessionEntry(s.pain_during, s.soreness_after, s.headache_triggered), key: `s${s.id}` })),
    ...(heads ?? []).map((h) => ({ at: h.started_at, text: m.headacheEntry(h.peak_pain, h.migraine), key: `h${h.id}` })),
  ].sort((a, b) => b.at.localeCompare(a.at));
  return (
    <section aria-labelledby="pp-h">
      <h1 id="pp-h">{name(p)}</h1>
      <p class="muted">{p.email} · {p.timezone} · {p.status}</p>
      {invite ? <InviteBox invite={invite} /> : (
        <button class="btn secondary small" onClick={async () => setInvite(await post<Invite>(`patients/${id}/invite`))}>{m.freshInvite}</button>
      )}
      <div class="grid2">
        <Bars title={m.adherenceChart} max={100} unit="%" data={weeks.map((w) => ({ label: shortDate(w.week_start), value: w.adherence_pct }))} />
        <Bars title={m.headacheChart} data={weeks.map((w) => ({ label: shortDate(w.week_start), value: w.headache_days }))}
              baseline={adh?.baseline_headache_days_28 != null ? adh.baseline_headache_days_28 / 4 : null} />
        <Line title={m.sorenessChart} max={10} values={weeks.map((w) => w.max_soreness)} />
        {out && (
          <div>
            <h2>{m.outcomes}</h2>
            <p data-testid="verdict"><strong>{m.verdict[out.verdict] ?? out.verdict}</strong>{out.weeks_in_program != null && ` · ${out.weeks_in_program} weeks`}
              {out.headache_days.band && ` · ${m.band[out.headache_days.band] ?? out.headache_days.band}`}</p>
            <p>{out.headache_days.reason ?? m.headacheVsBaseline(out.headache_days.last_28, out.headache_days.baseline_28)}</p>
            <p>HIT-6: {out.hit6.first ?? "–"} → {out.hit6.latest ?? "–"} · NDI: {out.ndi.first ?? "–"} → {out.ndi.latest ?? "–"}</p>
            {(out.evidence_for ?? []).length > 0 && (
              <><h3>{m.evidenceFor}</h3><ul>{out.evidence_for!.map((e) => <li key={e}>{e}</li>)}</ul></>
            )}
            {(out.evidence_against ?? []).length > 0 && (
              <><h3>{m.evidenceAgainst}</h3><ul>{out.evidence_against!.map((e) => <li key={e}>{e}</li>)}</ul></>
            )}
            {(out.programs ?? []).length > 1 && (
              <><h3>{m.programVerdicts}</h3>
                <ul>{out.programs!.map((pv) => <li key={pv.assignment}>{pv.name}: {m.verdict[pv.verdict] ?? pv.verdict} · {m.programWeeks(pv.weeks)}</li>)}</ul></>
            )}
          </div>
        )}
      </div>
      <WeekTable weeks={weeks} />
      <ScreeningSection id={id} />
      <Assignments id={id} onChange={reloadS} />
      <h2 id="tl-h">{m.timeline}</h2>
      <ol class="timeline" data-testid="timeline" tabIndex={0} aria-labelledby="tl-h">
        {timeline.map((t) => <li key={t.key}><span class="muted">{when(t.at)}</span> — {t.text}</li>)}
        {timeline.length === 0 && <li class="muted">{m.noData}</li>}
      </ol>
    </section>
  );
}

/** What was logged each week beside what the patient reported at the weekly check-in,
 * newest first; the percentage stays the logged one. Weeks with neither are left out. */
function WeekTable(props: { weeks: Week[] }) {
  const rows = props.weeks.filter((w) => w.sessions_prescribed > 0 || w.sessions_done > 0 || w.reported_sessions != null).reverse();
  if (rows.length === 0) return null;
  return (
    <section aria-labelledby="wt-h">
      <h2 id="wt-h">{m.sessionsByWeek}</h2>
      <table class="list" data-testid="weeks">
        <thead><tr><th scope="col">{m.weekColumn}</th><th scope="col">{m.loggedColumn}</th><th scope="col">{m.reportedColumn}</th></tr></thead>
        <tbody>{rows.map((w) => (
          <tr key={w.week_start}>
            <th scope="row">{shortDate(w.week_start)}</th>
            <td>{m.loggedOf(w.sessions_done, w.sessions_prescribed, w.adherence_pct)}</td>
            <td class={w.reported_sessions == null ? "muted" : undefined}>
              {w.reported_sessions == null ? m.notReported : m.reported(w.reported_sessions)}</td>
          </tr>
        ))}</tbody>
      </table>
    </section>
  );
}

export function Assignments(props: { id: number; onChange: () => void }) {
  const [list, err, reload] = useLoad(() => get<Assignment[]>(`patients/${props.id}/assignments`), [props.id]);
  const [error, setError] = useState<string | null>(null);
  const act = async (fn: () => Promise<unknown>) => {
    setError(null);
    try { await fn(); reload(); props.onChange(); } catch (x) {
      setError(x instanceof ApiError ? x.detail : String(x));
      // 409: a colleague changed the program meanwhile; show it as it is now.
      if (x instanceof ApiError && x.status === 409) { reload(); props.onChange(); }
    }
  };
  if (err && !list) return <LoadError retry={reload} />;
  return (
    <section aria-labelledby="as-h">
      <h2 id="as-h">{m.assignments}</h2>
      {error && <Notice kind="error">{error}</Notice>}
      {(list ?? []).map((a) => {
        const pr = a.progression;
        const proposed = pr?.proposed_phase;
        return (
          <article class="card" key={a.id}>
            <h3>{a.template_name}</h3>
            <p>{m.status}: <strong>{a.status}</strong> · {m.phaseNow(a.current_phase_name, a.current_phase + 1, a.phases.length)}</p>
            {pr && (
              <div>
                <p>{m.progression}: <strong>{m.progressionState[pr.state] ?? pr.state}</strong></p>
                <ul>{pr.reasons.map((r) => <li key={r}>{r}</li>)}</ul>
                {proposed != null && proposed !== a.current_phase && (
                  <div class="row">
                    <button class="btn small" onClick={() => act(() => post(`assignments/${a.id}/${proposed > a.current_phase ? "advance" : "regress"}`, { from_phase: a.current_phase, to_phase: proposed }))}>
                      {(proposed > a.current_phase ? m.confirmAdvance : m.confirmRegress)(a.phases[proposed]?.name ?? String(proposed + 1))}
                    </button>
                    <button class="btn secondary small" onClick={() => act(async () => {
                      const alerts = await get<Alert[]>(`alerts?status=open&patient=${props.id}`);
                      for (const al of alerts.filter((x) => x.kind === "progression_proposal" && x.patient === props.id)) await post(`alerts/${al.id}/resolve`);
                    })}>{m.decline}</button>
                  </div>
                )}
              </div>
            )}
            <div class="row">
              {a.status === "active" && <button class="btn secondary small" onClick={() => act(() => patch(`assignments/${a.id}`, { status: "paused" }))}>{m.pauseA}</button>}
              {a.status === "paused" && <button class="btn secondary small" onClick={() => act(() => patch(`assignments/${a.id}`, { status: "active" }))}>{m.resumeA}</button>}
              {a.status !== "ended" && <button class="btn ghost small" onClick={() => act(() => patch(`assignments/${a.id}`, { status: "ended" }))}>{m.endA}</button>}
            </div>
          </article>
        );
      })}
      <AssignForm id={props.id} onDone={() => { reload(); props.onChange(); }} />
    </section>
  );
}

function AssignForm(props: { id: number; onDone: () => void }) {
  const [templates] = useLoad(() => get<Template[]>("program-templates"));
  const [slug, setSlug] = useState("");
  const [start, setStart] = useState(new Date().toISOString().slice(0, 10));
  const [dose, setDose] = useState<Record<string, Record<string, string>>>({});
  const [err, setErr] = useState<ApiError | null>(null);
  const t = templates?.find((x) => x.slug === slug);
  const exercises = t ? [...new Set(t.phases.flatMap((ph) => ph.items.map((i) => (typeof i.exercise === "string" ? i.exercise : i.exercise.slug))))] : [];
  const submit = async (e: Event) => {
    e.preventDefault();
    setErr(null);
    const overrides: Record<string, Record<string, number | string>> = {};
    for (const [ex, fields] of Object.entries(dose)) for (const [k, v] of Object.entries(fields)) {
      if (v !== "") (overrides[ex] ??= {})[k] = k === "side" ? v : Number(v);
    }
    try {
      await post(`patients/${props.id}/assignments`, { template: slug, start_date: start, ...(Object.keys(overrides).length ? { overrides } : {}) });
      setSlug(""); setDose({});
      props.onDone();
    } catch (x) { setErr(x as ApiError); }
  };
  return (
    <form class="card" onSubmit={submit} aria-labelledby="af-h">
      <h3 id="af-h">{m.assign}</h3>
      {err && <Notice kind="error">{err.detail} {Object.entries(err.fields ?? {}).map(([k, v]) => `${k}: ${v.join(" ")}`).join("; ")}</Notice>}
      <div class="grid2">
        <label class="field">{m.template}
          <select name="template" value={slug} required onChange={(e) => setSlug(e.currentTarget.value)}>
            <option value="">–</option>
            {(templates ?? []).map((x) => <option key={x.slug} value={x.slug}>{x.name}</option>)}
          </select>
        </label>
        <label class="field">{m.startDate}<input type="date" value={start} required onInput={(e) => setStart(e.currentTarget.value)} /></label>
      </div>
      {t && <p class="muted">{t.summary}</p>}
      {exercises.length > 0 && (
        <details>
          <summary>{m.doseChanges}</summary>
          <table class="list">
            <thead><tr><th></th><th>reps</th><th>hold_seconds</th><th>sets</th><th>duration_minutes</th><th>side</th></tr></thead>
            <tbody>{exercises.map((ex) => (
              <tr key={ex}><th>{ex}</th>{["reps", "hold_seconds", "sets", "duration_minutes"].map((k) => (
                <td key={k}><input type="number" min={0} aria-label={`${ex} ${k}`} style={{ width: "5rem", minHeight: "44px" }} value={dose[ex]?.[k] ?? ""}
                  onInput={(e) => setDose({ ...dose, [ex]: { ...dose[ex], [k]: e.currentTarget.value } })} /></td>
              ))}
              {/* The self-SNAG's side is the therapist's choice (required for it). */}
              <td><select aria-label={`${ex} side`} value={dose[ex]?.side ?? ""} style={{ minHeight: "44px" }}
                  onChange={(e) => setDose({ ...dose, [ex]: { ...dose[ex], side: e.currentTarget.value } })}>
                <option value="">–</option><option value="left">left</option><option value="right">right</option><option value="both">both</option>
              </select></td></tr>
            ))}</tbody>
          </table>
        </details>
      )}
      <button class="btn" type="submit" disabled={!slug}>{m.assignSubmit}</button>
    </form>
  );
}

function Alerts() {
  const [list, err, reload] = useLoad(() => get<Alert[]>("alerts?status=open"));
  if (err && !list) return <LoadError retry={reload} />;
  if (!list) return <Loading />;
  return (
    <section aria-labelledby="al-h">
      <h1 id="al-h">{m.alertsTitle}</h1>
      {list.length === 0 && <p>{m.noAlerts}</p>}
      <ul class="timeline" data-testid="alerts" style={{ listStyle: "none", padding: 0 }}>
        {list.map((a) => (
          <li key={a.id} class="card">
            <strong>{m.alertKinds[a.kind] ?? a.kind}</strong> — <a href={`/therapist/patients/${a.patient}`}>{a.patient_name}</a>
            <p class="muted">{when(a.created_at)} · {Object.entries(a.details).map(([k, v]) => `${k}: ${v}`).join(", ")}</p>
            <button class="btn small" onClick={async () => { await post(`alerts/${a.id}/resolve`); reload(); }}>{m.resolve}</button>
          </li>
        ))}
      </ul>
      <DigestSettings />
    </section>
  );
}
