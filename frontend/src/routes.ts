// The app's one route table: which screen each address shows, for the patient's app and the
// therapist's. The patient's screens are in the entry bundle (they must work offline from the
// first load); each therapist screen is its own chunk, loaded when first visited, so a patient
// never downloads them (bench/frontend_size.mjs holds the entry under 100 KB gzipped).
import { h, type ComponentType, type VNode } from "preact";
import { lazy } from "preact/compat";
import { Account } from "./account/Account";
import type { Auth } from "./lib/api";
import { m } from "./messages";
import { Headache, HeadacheHistory } from "./patient/Headache";
import { Progress } from "./patient/Progress";
import { Reminders } from "./patient/Reminders";
import { Today } from "./patient/Today";
import { WeeklyCheckin } from "./patient/WeeklyCheckin";

/** What every screen is given: the signed-in person, the address's parameters, sign-out. */
export interface ScreenProps { auth: Auth; params: Record<string, string>; onSignOut: () => void }

export interface Route {
  /** An address prefix; `:name` matches one segment of `[\w-]+` into `params.name`. */
  path: string;
  screen: (p: ScreenProps) => VNode<any>;
  /** The tab or menu entry this screen belongs to (highlighted while it is shown). */
  nav?: string;
  /** Shown only to a clinic administrator; for anyone else the address falls through. */
  admin?: boolean;
  /** The whole address, not a prefix. */
  exact?: boolean;
}

/** An app's routes, tried in order, and the screen for any other address. */
export interface RouteTable { routes: Route[]; fallback: Route }

/** A therapist screen, fetched the first time it is shown (<Suspense> in TherapistApp). */
function later<P>(load: () => Promise<Record<string, unknown>>, name: string): ComponentType<P> {
  return lazy(() => load().then((mod) => ({ default: mod[name] as ComponentType<P> })));
}
const PatientList = later(() => import("./therapist/PatientList"), "PatientList");
const PatientPage = later<{ id: number }>(() => import("./therapist/PatientPage"), "PatientPage");
const Alerts = later(() => import("./therapist/Alerts"), "Alerts");
const Clinic = later(() => import("./therapist/Clinic"), "Clinic");
const Demonstrations = later(() => import("./therapist/Demonstrations"), "Demonstrations");

/** The patient's screens; the first match wins. */
export const patientRoutes: RouteTable = { routes: [
  { path: "/headache/past", nav: "/headache", screen: () => h(HeadacheHistory, {}) },
  { path: "/headache", nav: "/headache", screen: (p) => h(Headache, { auth: p.auth }) },
  { path: "/progress", nav: "/progress", screen: (p) => h(Progress, { auth: p.auth }) },
  // Notifications link to /checkin/weekly and /measures/<instrument> (reminders.kinds).
  { path: "/measures/:instrument", nav: "/progress", screen: (p) => h(Progress, { auth: p.auth, open: p.params.instrument }) },
  { path: "/checkin/weekly", nav: "/progress", screen: (p) => h(WeeklyCheckin, { auth: p.auth }) },
  { path: "/reminders", nav: "/reminders", screen: (p) => h(Reminders, { auth: p.auth }) },
  { path: "/account", nav: "/account", screen: (p) => h(Account, { auth: p.auth, onSignOut: p.onSignOut }) },
  { path: "/today", nav: "/today", screen: (p) => h(Today, { auth: p.auth }) },
  { path: "/", exact: true, nav: "/today", screen: (p) => h(Today, { auth: p.auth }) },
],
// Any other address shows Today, with no tab marked.
fallback: { path: "", screen: (p) => h(Today, { auth: p.auth }) } };

/** The patient's tab bar, in order. */
export const patientTabs = [
  ["/today", m.navToday],
  ["/headache", m.navHeadache],
  ["/progress", m.navProgress],
  ["/reminders", m.navReminders],
] as const;

/** The therapist's screens; any other address is the patient list. */
export const therapistRoutes: RouteTable = { routes: [
  { path: "/therapist/patients/:id(\\d+)", nav: "/therapist/patients/", screen: (p) => h(PatientPage, { id: Number(p.params.id) }) },
  { path: "/therapist/alerts", nav: "/therapist/alerts", screen: () => h(Alerts, {}) },
  { path: "/therapist/account", nav: "/therapist/account", screen: (p) => h(Account, { auth: p.auth, onSignOut: p.onSignOut }) },
  { path: "/therapist/clinic", nav: "/therapist/clinic", admin: true, screen: () => h(Clinic, {}) },
  { path: "/therapist/demonstrations", nav: "/therapist/demonstrations", screen: () => h(Demonstrations, {}) },
],
fallback: { path: "/therapist", nav: "/therapist", screen: () => h(PatientList, {}) } };

const compiled = new Map<string, RegExp>();
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
function pattern(route: Route): RegExp {
  const key = `${route.path}|${route.exact ? 1 : 0}`;
  let re = compiled.get(key);
  if (!re) {
    // `:name` or `:name(regex)`; everything else is literal.
    const parts = route.path.split(/(:\w+(?:\([^)]*\))?)/);
    const body = parts.map((part) => {
      const param = /^:(\w+)(?:\(([^)]*)\))?$/.exec(part);
      return param ? `(?<${param[1]}>${param[2] ?? "[\\w-]+"})` : escape(part);
    }).join("");
    re = new RegExp(`^${body}${route.exact ? "$" : ""}`);
    compiled.set(key, re);
  }
  return re;
}

export interface Match { route: Route; params: Record<string, string> }

/** The first route whose path the address starts with (or is, for an exact one; admin
 * routes only for an administrator), else the table's fallback. */
export function match(table: RouteTable, path: string, opts: { admin?: boolean } = {}): Match {
  for (const route of table.routes) {
    if (route.admin && !opts.admin) continue;
    const found = pattern(route).exec(path);
    if (found) return { route, params: { ...(found.groups ?? {}) } };
  }
  return { route: table.fallback, params: {} };
}
