import { useState } from "preact/hooks";
import { freshInvite, getPatient, headacheLogs, patientAdherence, patientOutcomes, sessionLogs } from "../lib/api";
import { m } from "../messages";
import { shortDate } from "../patient/Progress";
import { Bars, Line, Loading, useLoad } from "../ui";
import { Assignments } from "./Assignments";
import { name, when } from "./format";
import { InviteBox } from "./InviteBox";
import { ScreeningSection } from "./Screening";
import type { Invite } from "./types";
import { WeekTable } from "./WeekTable";

export function PatientPage(props: { id: number }) {
  const id = props.id;
  const [p] = useLoad(() => getPatient(id), [id]);
  const [adh] = useLoad(() => patientAdherence(id, 12), [id]);
  const [sessions, , reloadS] = useLoad(() => sessionLogs(id), [id]);
  const [heads] = useLoad(() => headacheLogs(id), [id]);
  const [out] = useLoad(() => patientOutcomes(id), [id]);
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
        <button class="btn secondary small" onClick={async () => setInvite(await freshInvite(id))}>{m.freshInvite}</button>
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

