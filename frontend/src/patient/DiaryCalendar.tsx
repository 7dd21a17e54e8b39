import { useEffect, useState } from "preact/hooks";
import { get } from "../lib/api";
import { kvGet, kvSet } from "../lib/db";
import { m } from "../messages";

interface DiaryDay { date: string; status: "migraine" | "headache" | "free" | "unknown"; peak_pain: number | null; medication_classes: string[]; sessions: number }
interface DiaryMonth {
  month: string; days: DiaryDay[];
  totals: { headache_days: number; migraine_days: number; unknown_days: number; acute_medication_days: Record<string, number> };
  rules: { headache_day: string; open_max_days: number };
}

const shift = (month: string, by: number) => {
  const [y, mo] = month.split("-").map(Number);
  const d = new Date(y, mo - 1 + by, 1);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}`;
};

/** The month as a clinician reads it: each day's status as a letter and a colour (never
 * colour alone), with the month's totals in words. From the server, or the copy kept. */
export function DiaryCalendar() {
  const now = new Date();
  const [month, setMonth] = useState(`${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, "0")}`);
  const [data, setData] = useState<DiaryMonth | null>(null);
  useEffect(() => {
    let live = true;
    (async () => {
      let found = await kvGet<DiaryMonth>(`diary-${month}`).catch(() => undefined);
      if (navigator.onLine) {
        try { found = await get<DiaryMonth>(`me/diary?month=${month}`); await kvSet(`diary-${month}`, found); } catch { /* the copy */ }
      }
      if (live) setData(found ?? null);
    })();
    return () => { live = false; };
  }, [month]);
  const title = new Date(`${month}-01T12:00:00`).toLocaleDateString(undefined, { month: "long", year: "numeric" });
  const lead = data ? (new Date(`${data.days[0].date}T12:00:00`).getDay() + 6) % 7 : 0; // Monday first
  const cells: (DiaryDay | null)[] = data ? [...Array(lead).fill(null), ...data.days] : [];
  const weeks = Array.from({ length: Math.ceil(cells.length / 7) }, (_, i) => cells.slice(i * 7, i * 7 + 7));
  const meds = data ? Object.entries(data.totals.acute_medication_days) : [];
  return (
    <section aria-labelledby="cal-h" class="card">
      <h2 id="cal-h">{m.calendarTitle}</h2>
      <div class="row">
        <button type="button" class="btn ghost small" onClick={() => setMonth(shift(month, -1))}>{m.calendarPrev}</button>
        <button type="button" class="btn ghost small" onClick={() => setMonth(shift(month, 1))}>{m.calendarNext}</button>
      </div>
      {!data ? <p class="muted">{m.calendarNone}</p> : (
        <>
          <table class="cal">
            <caption>{title}</caption>
            <thead><tr>{m.calendarWeekdays.map((d) => <th scope="col" key={d}>{d}</th>)}</tr></thead>
            <tbody>
              {weeks.map((week, i) => (
                <tr key={i}>
                  {week.map((day, j) => day == null ? <td key={j} /> : (
                    <td key={j} class={`cal-${day.status}`}>
                      <span class="cal-n">{Number(day.date.slice(8))}</span>
                      <span class="cal-s" aria-hidden="true">{m.calendarLetter[day.status]}</span>
                      <span class="sr-only">{m.calendarStatus[day.status]}</span>
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
          <p class="muted">{m.calendarKey}</p>
          <p>{m.calendarTotals(data.totals.headache_days, data.totals.migraine_days, data.totals.unknown_days)}</p>
          {meds.length > 0 && <p>{m.calendarMeds(meds.map(([c, n]) => `${m.medicationClasses[c] ?? c} ${n}`).join(", "))}</p>}
          <p class="muted">{data.rules.headache_day}</p>
        </>
      )}
    </section>
  );
}
