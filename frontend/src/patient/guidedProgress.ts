// A guided session under way, kept on the phone (IndexedDB, lib/db): switching to another
// tab of the app, the phone closing the app in the background, or a reload must not lose
// it. Today offers it again ("Resume session") until it is logged or the patient discards
// it; a session from another day is dropped (its plan is no longer today's).
import { kvDel, kvGet, kvSet } from "../lib/db";
import type { StepResult } from "../lib/performed";
import { stepsFor } from "../lib/timers";
import type { Performed, TodayItem } from "./plan";

export const GUIDED_KEY = "guided-session";

/** Where a session stands: the step reached and each finished step's result. */
export interface GuidedState { idx: number; results: (StepResult | null)[] }

export interface KeptSession {
  user: number;
  date: string; // the plan's date (me/today)
  items: TodayItem[]; // fixed when the session started
  state: GuidedState;
  /** Set once the steps are over: what is waiting for "How did it go?". */
  done?: Performed[];
}

/** The session kept for this patient and day, if any (read after any write under way). */
export function keptSession(user: number, date: string): Promise<KeptSession | null> {
  return inOrder(() => read(user, date)) as Promise<KeptSession | null>;
}
async function read(user: number, date: string): Promise<KeptSession | null> {
  const kept = await kvGet<KeptSession>(GUIDED_KEY).catch(() => undefined);
  if (!kept) return null;
  if (kept.user !== user || kept.date !== date) {
    await forgetSession();
    return null;
  }
  return kept;
}

const keepSession = (s: KeptSession) => kvSet(GUIDED_KEY, s).catch(() => undefined);
const forgetSession = () => kvDel(GUIDED_KEY).catch(() => undefined);

// Writes and deletes in the order they were asked for: a step's save must not land after
// the discard that followed it.
let queue: Promise<unknown> = Promise.resolve();
function inOrder(fn: () => Promise<unknown>): Promise<unknown> {
  queue = queue.then(fn, fn);
  return queue;
}
export const keep = (s: KeptSession) => inOrder(() => keepSession(s));
export const forget = () => inOrder(forgetSession);

/** "step 2 of 5, Chin tuck": where a kept session stands. */
export function whereItStands(s: KeptSession): { n: number; of: number; name: string } {
  const steps = s.items.flatMap((it, i) => stepsFor(i, it.exercise.kind, it.prescription));
  const idx = Math.min(s.state.idx, Math.max(0, steps.length - 1));
  return { n: idx + 1, of: steps.length, name: s.items[steps[idx]?.item ?? 0]?.exercise.name ?? "" };
}
