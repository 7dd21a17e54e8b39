import { useState } from "preact/hooks";
import { localDate, outbox, type Auth } from "../lib/api";
import { m } from "../messages";
import { Notice, Scale, YesNo } from "../ui";

const starts: [string, () => Date][] = [
  [m.startedNow, () => new Date()],
  [m.started1h, () => new Date(Date.now() - 3600e3)],
  [m.started3h, () => new Date(Date.now() - 3 * 3600e3)],
  [m.startedMorning, () => { const d = new Date(); d.setHours(8, 0, 0, 0); return d > new Date() ? new Date() : d; }],
];

async function saved(): Promise<string> {
  const report = navigator.onLine ? await outbox.sync() : null;
  return report && report.kept.length === 0 && report.rejected.length === 0 ? m.saved : m.savedOffline;
}

export function Headache(props: { auth: Auth }) {
  return (
    <>
      <HeadacheForm />
      <CheckinForm tz={props.auth.user.timezone} />
    </>
  );
}

// Three taps: how bad, (when: defaults to now), save.
function HeadacheForm() {
  const [peak, setPeak] = useState<number | null>(null);
  const [start, setStart] = useState(0);
  const [migraine, setMigraine] = useState(false);
  const [meds, setMeds] = useState(false);
  const [msg, setMsg] = useState<string | null>(null);
  const submit = async (e: Event) => {
    e.preventDefault();
    if (peak == null) return;
    await outbox.add("headache-log", "POST", "headache-logs", {
      started_at: starts[start][1]().toISOString(), peak_pain: peak, migraine, medication_taken: meds, notes: "",
    });
    setPeak(null); setMigraine(false); setMeds(false); setStart(0);
    setMsg(await saved());
  };
  return (
    <form onSubmit={submit} aria-labelledby="h-h">
      <h1 id="h-h">{m.headacheTitle}</h1>
      {msg && <Notice kind="ok">{msg}</Notice>}
      <Scale name="peak" label={m.headachePeak} value={peak} onChange={(v) => { setPeak(v); setMsg(null); }} />
      <fieldset class="scale">
        <legend>{m.headacheStarted}</legend>
        <div class="scale-row">
          {starts.map(([label], i) => (
            <label key={label} class={`chip wide${start === i ? " on" : ""}`}>
              <input type="radio" name="started" checked={start === i} onChange={() => setStart(i)} /><span>{label}</span>
            </label>
          ))}
        </div>
      </fieldset>
      <label class="check"><input type="checkbox" checked={migraine} onChange={(e) => setMigraine(e.currentTarget.checked)} />{m.migraine}</label>
      <label class="check"><input type="checkbox" checked={meds} onChange={(e) => setMeds(e.currentTarget.checked)} />{m.medication}</label>
      <button class="btn big" type="submit" disabled={peak == null}>{m.saveHeadache}</button>
    </form>
  );
}

function CheckinForm(props: { tz: string }) {
  const [sore, setSore] = useState<number | null>(null);
  const [free, setFree] = useState<boolean | null>(null);
  const [msg, setMsg] = useState<string | null>(null);
  const submit = async (e: Event) => {
    e.preventDefault();
    if (sore == null || free == null) return;
    const day = localDate(props.tz);
    await outbox.add("checkin", "PUT", `daily-checkins/${day}`, { neck_soreness: sore, headache_free: free });
    setMsg(await saved());
  };
  return (
    <form onSubmit={submit} aria-labelledby="c-h" class="card" style={{ marginTop: "2rem" }}>
      <h2 id="c-h">{m.checkinTitle}</h2>
      {msg && <Notice kind="ok">{msg}</Notice>}
      <Scale name="checkin-soreness" label={m.checkinSoreness} value={sore} onChange={setSore} />
      <YesNo name="free" label={m.checkinHeadacheFree} value={free} onChange={setFree} />
      <button class="btn big" type="submit" disabled={sore == null || free == null}>{m.saveCheckin}</button>
    </form>
  );
}
