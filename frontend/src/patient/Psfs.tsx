// The Patient-Specific Functional Scale: the patient names 3 to 5 activities the first time
// and rates each 0-10; every later time the same activities come back, named as the patient
// named them, to be rated again (a PSFS score is only comparable over the same activities
// and the same version). The previous activities come from GET measures?instrument=psfs.
import { useState } from "preact/hooks";
import { ApiError, get, newId, post } from "../lib/api";
import { m } from "../messages";
import { Loading, LoadError, Notice, Scale, useLoad } from "../ui";

export interface ActivitySpec {
  min_count: number; max_count: number; min_score: number; max_score: number;
  activity_max_length: number; examples?: string[];
}
export interface PsfsInstrument {
  slug: string; name: string; instructions: string; default_version: number;
  versions: { version: number; better: "higher" | "lower"; label: string; anchors?: { low: string; high: string } }[];
  activities: ActivitySpec;
}
interface Answer { activity: string; score: number | null }
interface Measure { score: number; version: number; local_date: string; answers: { activity: string; score: number }[] }

/** The patient's latest PSFS (newest first, one row), or null before the first. */
async function lastPsfs(): Promise<Measure | null> {
  const page = await get<{ results: Measure[] }>("measures?instrument=psfs&limit=1");
  return page.results[0] ?? null;
}

const dayMonth = (d: string) => new Date(d + "T00:00:00").toLocaleDateString([], { day: "numeric", month: "long" });

export function PsfsForm(props: { inst: PsfsInstrument; onDone: (msg: string) => void; onCancel: () => void }) {
  const [last, err, retry] = useLoad(lastPsfs);
  if (err && last === undefined) return <LoadError retry={retry} />;
  if (last === undefined) return <Loading />;
  return <PsfsAnswers {...props} last={last} />;
}

function PsfsAnswers(props: { inst: PsfsInstrument; last: Measure | null; onDone: (msg: string) => void; onCancel: () => void }) {
  const { inst, last } = props, spec = inst.activities;
  const again = last !== null;
  // Rated again in the version it was first taken in: versions 1 and 2 run opposite ways.
  const version = last?.version ?? inst.default_version;
  const anchors = inst.versions.find((v) => v.version === version)?.anchors;
  const [rows, setRows] = useState<Answer[]>(() => (last
    ? last.answers.map((a) => ({ activity: a.activity, score: null }))
    : Array.from({ length: spec.min_count }, () => ({ activity: "", score: null }))));
  // Problems by answer path, as the API names them: "answers.1.score"; "form" for the rest.
  const [problems, setProblems] = useState<Record<string, string>>({});
  // One id for this filling-in: a resend after a lost answer finds the first measure.
  const [clientId] = useState(newId);
  const [busy, setBusy] = useState(false);

  const change = (i: number, patch: Partial<Answer>) => setRows(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  const check = () => {
    const found: Record<string, string> = {};
    const seen = new Set<string>();
    rows.forEach((r, i) => {
      const name = r.activity.trim().toLocaleLowerCase();
      if (!name) found[`answers.${i}.activity`] = m.psfs.nameMissing;
      else if (seen.has(name)) found[`answers.${i}.activity`] = m.psfs.nameTwice;
      seen.add(name);
      if (r.score == null) found[`answers.${i}.score`] = m.psfs.scoreMissing(spec.min_score, spec.max_score);
    });
    return found;
  };
  const submit = async (e: Event) => {
    e.preventDefault();
    const found = check();
    setProblems(found);
    if (Object.keys(found).length) return;
    setBusy(true);
    try {
      const saved = await post<Measure>("measures", {
        instrument: inst.slug, version, client_id: clientId,
        answers: rows.map((r) => ({ activity: r.activity.trim(), score: r.score })),
      });
      props.onDone(m.psfs.saved(saved.score, rows.length, last && last.version === saved.version ? last.score : null));
    } catch (x) {
      setBusy(false);
      if (!(x instanceof ApiError)) { setProblems({ form: m.psfs.notSent }); return; }
      const byPath = Object.fromEntries(Object.entries(x.fields).map(([k, v]) => [k, v.join(" ")]));
      setProblems(Object.keys(byPath).some((k) => /^answers\.\d+\./.test(k)) ? byPath : { form: x.fields.answers?.join(" ") ?? x.detail });
    }
  };

  const rowProblems = Object.entries(problems).flatMap(([path, text]) => {
    const i = /^answers\.(\d+)\./.exec(path);
    return i ? [m.psfs.problem(Number(i[1]) + 1, text)] : [];
  });
  return (
    <form class="card" onSubmit={submit} noValidate aria-labelledby="psfs-h">
      <h3 id="psfs-h">{inst.name}</h3>
      <p>{last ? m.psfs.again(dayMonth(last.local_date)) : inst.instructions}</p>
      {problems.form && <Notice kind="error">{problems.form}</Notice>}
      {rowProblems.length > 0 && (
        <Notice kind="error">{m.psfs.fix}<ul>{rowProblems.map((p) => <li key={p}>{p}</li>)}</ul></Notice>
      )}
      {rows.map((r, i) => {
        const nameProblem = problems[`answers.${i}.activity`], scoreProblem = problems[`answers.${i}.score`];
        return (
          <div class="activity" key={i}>
            {!again && (
              <label class="field">{m.psfs.activity(i + 1)}
                <input type="text" value={r.activity} maxLength={spec.activity_max_length} autoComplete="off"
                       aria-invalid={nameProblem ? true : undefined}
                       aria-describedby={[nameProblem && `psfs-${i}-name-err`, i === 0 && spec.examples?.length && "psfs-examples"].filter(Boolean).join(" ") || undefined}
                       onInput={(e) => change(i, { activity: e.currentTarget.value })} />
              </label>
            )}
            {!again && i === 0 && spec.examples?.length ? <p class="muted" id="psfs-examples">{m.psfs.examples(spec.examples)}</p> : null}
            {nameProblem && <p class="field-error" id={`psfs-${i}-name-err`}>{nameProblem}</p>}
            <Scale name={`psfs-${i}`} label={m.psfs.rate(i + 1, r.activity.trim())} min={spec.min_score} max={spec.max_score}
                   value={r.score} onChange={(v) => change(i, { score: v })}
                   hint={anchors ? m.psfs.anchors(anchors.low, anchors.high) : undefined} />
            {scoreProblem && <p class="field-error">{scoreProblem}</p>}
            {!again && rows.length > spec.min_count && (
              <button type="button" class="btn ghost small" onClick={() => { setRows(rows.filter((_, j) => j !== i)); setProblems({}); }}>
                {m.psfs.remove(i + 1)}
              </button>
            )}
          </div>
        );
      })}
      {!again && rows.length < spec.max_count && (
        <button type="button" class="btn secondary" onClick={() => setRows([...rows, { activity: "", score: null }])}>{m.psfs.add}</button>
      )}
      <div class="row" style={{ marginTop: "1rem" }}>
        <button class="btn" type="submit" disabled={busy}>{m.submit}</button>
        <button class="btn secondary" type="button" onClick={props.onCancel}>{m.cancel}</button>
      </div>
    </form>
  );
}
