import type { ComponentChildren } from "preact";
import { useEffect, useState } from "preact/hooks";
import { m } from "./messages";
import { outbox } from "./lib/api";
import type { OutboxEntry } from "./lib/outbox";

let uid = 0;
export const useId = () => useState(() => `f${++uid}`)[0];

/** 0..10 (or any range) as a row of large radio buttons. */
export function Scale(props: { label: string; value: number | null; onChange: (v: number) => void;
                               min?: number; max?: number; name: string; labels?: Record<number, string>;
                               hint?: string }) {
  const { min = 0, max = 10 } = props;
  const nums = Array.from({ length: max - min + 1 }, (_, i) => min + i);
  const hintId = useId();
  return (
    <fieldset class="scale" aria-describedby={props.hint ? hintId : undefined}>
      <legend>{props.label}</legend>
      {/* What the ends mean, in words: a title on a chip is not shown on a phone. */}
      {props.hint && <p class="muted hint" id={hintId}>{props.hint}</p>}
      <div class="scale-row">
        {nums.map((n) => (
          <label key={n} class={`chip${props.value === n ? " on" : ""}`} title={props.labels?.[n]}>
            <input type="radio" name={props.name} value={n} checked={props.value === n}
                   onChange={() => props.onChange(n)} />
            <span>{n}</span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}

export function YesNo(props: { label: string; value: boolean | null; onChange: (v: boolean) => void; name: string }) {
  return (
    <fieldset class="scale">
      <legend>{props.label}</legend>
      <div class="scale-row">
        {[true, false].map((v) => (
          <label key={String(v)} class={`chip wide${props.value === v ? " on" : ""}`}>
            <input type="radio" name={props.name} checked={props.value === v} onChange={() => props.onChange(v)} />
            <span>{v ? m.yes : m.no}</span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}

/** One choice among a few, as large chips (a radio group). */
export function Choices<T extends string>(props: { label: string; value: T | null; onChange: (v: T) => void;
                                                   name: string; options: [T, string][] }) {
  return (
    <fieldset class="scale">
      <legend>{props.label}</legend>
      <div class="scale-row">
        {props.options.map(([v, text]) => (
          <label key={v} class={`chip wide${props.value === v ? " on" : ""}`}>
            <input type="radio" name={props.name} checked={props.value === v} onChange={() => props.onChange(v)} />
            <span>{text}</span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}

/** A long form's first unanswered question (radio group or field, by `name`), brought into
 * view with focus: an error the patient cannot see is no help. */
export function focusFirst(form: HTMLElement | null, names: string[]) {
  for (const name of names) {
    const el = form?.querySelector<HTMLElement>(`[name="${CSS.escape(name)}"]`);
    if (!el) continue;
    (el.closest("fieldset, label") ?? el).scrollIntoView({ block: "center" });
    el.focus({ preventScroll: true });
    return;
  }
}

export function Notice(props: { kind?: "info" | "error" | "stop" | "ok"; children: ComponentChildren; title?: string }) {
  const role = props.kind === "error" || props.kind === "stop" ? "alert" : "status";
  return (
    <div class={`notice ${props.kind ?? "info"}`} role={role}>
      {props.title && <strong class="notice-title">{props.title}</strong>}
      <div>{props.children}</div>
    </div>
  );
}

export function Loading() {
  return <p class="muted" role="status">{m.loading}</p>;
}

/** Runs an async loader; gives [data, error, reload]. */
export function useLoad<T>(fn: () => Promise<T>, deps: unknown[] = []): [T | undefined, unknown, () => void] {
  const [data, setData] = useState<T>();
  const [err, setErr] = useState<unknown>();
  const [n, setN] = useState(0);
  useEffect(() => {
    let live = true;
    setErr(undefined);
    fn().then((d) => live && setData(d), (e) => live && setErr(e));
    return () => { live = false; };
  }, [...deps, n]);
  return [data, err, () => setN(n + 1)];
}

export function LoadError(props: { retry: () => void }) {
  return (
    <Notice kind="error">
      {m.loadFailed} <button class="btn small" onClick={props.retry}>{m.retry}</button>
    </Notice>
  );
}

export function usePending(): OutboxEntry[] {
  const [items, setItems] = useState<OutboxEntry[]>([]);
  useEffect(() => {
    const load = () => outbox.pending().then(setItems, () => undefined);
    load();
    return outbox.subscribe(load);
  }, []);
  return items;
}

export function SyncStatus() {
  const pending = usePending();
  const [, force] = useState(0);
  useEffect(() => outbox.subscribe(() => force((x) => x + 1)), []);
  return (
    <div class="sync" aria-live="polite">
      {outbox.rejected.map((r) => (
        <Notice kind="error" key={r.entry.client_id}>
          {m.kinds[r.entry.kind]}: {m.rejected(r.detail)}{" "}
          <button class="btn small" onClick={() => outbox.dismissRejected(r.entry.client_id)}>{m.dismiss}</button>
        </Notice>
      ))}
      {pending.length > 0 && (
        <div class="notice info pending" data-testid="pending">
          <strong>{m.waitingToSync(pending.length)}</strong>
          <ul>
            {pending.map((p) => (
              <li key={p.client_id}>
                {m.kinds[p.kind]} · {new Date(p.created_at).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" })}{" "}
                <span class="badge">{m.waitingBadge}</span>
              </li>
            ))}
          </ul>
          <button class="btn small" onClick={() => outbox.sync()}>{m.syncNow}</button>
        </div>
      )}
    </div>
  );
}

export function useOnline(): boolean {
  const [on, setOn] = useState(navigator.onLine);
  useEffect(() => {
    const up = () => setOn(true), down = () => setOn(false);
    window.addEventListener("online", up);
    window.addEventListener("offline", down);
    return () => { window.removeEventListener("online", up); window.removeEventListener("offline", down); };
  }, []);
  return on;
}

type Theme = "system" | "dark" | "light";
// Our own key: Django's admin keeps "auto" under "theme" on the same origin, which read as
// ours once showed "Theme: undefined" and stuck there.
const THEME_KEY = "hep-theme";
const THEMES: readonly Theme[] = ["system", "dark", "light"];
export function storedTheme(): Theme {
  const t = localStorage.getItem(THEME_KEY);
  return THEMES.includes(t as Theme) ? (t as Theme) : "system";
}
export function applyTheme(t: Theme) {
  if (t === "system") document.documentElement.removeAttribute("data-theme");
  else document.documentElement.setAttribute("data-theme", t);
}
export function ThemeToggle() {
  const [t, setT] = useState<Theme>(storedTheme);
  const next: Record<Theme, Theme> = { system: "dark", dark: "light", light: "system" };
  const label = m.themeButton(m.themeNames[t], m.themeNames[next[t]]);
  return (
    <button class="btn ghost small" aria-label={label} title={label} onClick={() => {
      const n = next[t];
      setT(n);
      localStorage.setItem(THEME_KEY, n);
      applyTheme(n);
    }}>
      {t === "dark" ? "☾" : t === "light" ? "☀" : "◐"}<span class="sr-only">{label}</span>
    </button>
  );
}

/** A bar chart as inline SVG, with a text table for screen readers. */
export function Bars(props: { title: string; data: { label: string; value: number | null }[]; max?: number; unit?: string; baseline?: number | null }) {
  const w = 320, h = 120, pad = 18;
  const max = props.max ?? Math.max(1, ...props.data.map((d) => d.value ?? 0), props.baseline ?? 0);
  const bw = (w - pad) / Math.max(1, props.data.length);
  return (
    <figure class="chart">
      <figcaption>{props.title}</figcaption>
      <svg viewBox={`0 0 ${w} ${h + 16}`} role="img" aria-label={props.title} preserveAspectRatio="none">
        <line x1={pad} y1={h} x2={w} y2={h} class="axis" />
        {props.data.map((d, i) => {
          const bh = d.value == null ? 0 : (d.value / max) * (h - 8);
          return (
            <g key={i}>
              <rect x={pad + i * bw + 2} y={h - bh} width={Math.max(2, bw - 4)} height={bh} class="bar" />
              {d.value == null && <text x={pad + i * bw + bw / 2} y={h - 2} class="tick" text-anchor="middle">–</text>}
            </g>
          );
        })}
        {props.baseline != null && (
          <line x1={pad} x2={w} y1={h - (props.baseline / max) * (h - 8)} y2={h - (props.baseline / max) * (h - 8)} class="baseline" />
        )}
        <text x="0" y="10" class="tick">{max}</text>
        <text x="0" y={h} class="tick">0</text>
      </svg>
      <table class="sr-only">
        <tbody>{props.data.map((d) => <tr key={d.label}><th>{d.label}</th><td>{d.value ?? "–"}{props.unit ?? ""}</td></tr>)}</tbody>
      </table>
    </figure>
  );
}

/** A small line chart (sparkline when `small`). The full chart has a y axis labelled 0 and
 * `max`, an x axis with the first and last `labels`, and its points drawn inside the box. */
export function Line(props: { title: string; values: (number | null)[]; max?: number; small?: boolean; label?: string; labels?: string[] }) {
  const small = !!props.small;
  const w = small ? 80 : 320, h = small ? 24 : 120;
  // Room for the y labels on the left, a dot's radius on the right and top, x labels below.
  const [left, right, top, bottom] = small ? [0, 0, 2, 2] : [24, 8, 8, 22];
  const max = props.max ?? Math.max(1, ...props.values.map((v) => v ?? 0));
  const n = props.values.length;
  const x = (i: number) => left + (n > 1 ? (i * (w - left - right)) / (n - 1) : (w - left - right) / 2);
  const y = (v: number) => h - bottom - (v / max) * (h - top - bottom);
  const pts = props.values
    .map((v, i) => (v == null ? null : `${x(i).toFixed(1)},${y(v).toFixed(1)}`))
    .filter(Boolean) as string[];
  const first = props.labels?.[0], last = props.labels && props.labels.length > 1 ? props.labels[props.labels.length - 1] : undefined;
  const svg = (
    <svg viewBox={`0 0 ${w} ${h}`} width={small ? w : undefined} height={small ? h : undefined}
         role="img" aria-label={props.label ?? `${props.title}: ${props.values.map((v) => v ?? "–").join(", ")}`} class={small ? "spark" : ""}>
      {!small && (
        <>
          <line x1={left} y1={top} x2={left} y2={h - bottom} class="axis" />
          <line x1={left} y1={h - bottom} x2={w - right} y2={h - bottom} class="axis" />
          <text x={left - 5} y={y(max) + 4} class="tick" text-anchor="end">{max}</text>
          <text x={left - 5} y={y(0) + 4} class="tick" text-anchor="end">0</text>
          {first && <text x={left} y={h - 6} class="tick" text-anchor="start">{first}</text>}
          {last && <text x={w - right} y={h - 6} class="tick" text-anchor="end">{last}</text>}
        </>
      )}
      <polyline points={pts.join(" ")} class="line" fill="none" />
      {!small && pts.map((pt) => {
        const [cx, cy] = pt.split(",");
        return <circle key={pt} cx={cx} cy={cy} r="4" class="dot" />;
      })}
    </svg>
  );
  if (small) return svg;
  return <figure class="chart"><figcaption>{props.title}</figcaption>{svg}</figure>;
}
