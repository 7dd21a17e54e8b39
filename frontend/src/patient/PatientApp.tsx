import { logout, type Auth } from "../lib/api";
import { m } from "../messages";
import { Notice, SyncStatus, ThemeToggle, useOnline } from "../ui";
import { Today } from "./Today";
import { Headache } from "./Headache";
import { Progress } from "./Progress";
import { Reminders } from "./Reminders";
import { WeeklyCheckin } from "./WeeklyCheckin";
import { Account } from "../account/Account";

const tabs = [
  ["/today", m.navToday],
  ["/headache", m.navHeadache],
  ["/progress", m.navProgress],
  ["/reminders", m.navReminders],
] as const;

export function PatientApp(props: { auth: Auth; path: string; onSignOut: () => void }) {
  const online = useOnline();
  const p = props.path;
  // Notifications link to /checkin/weekly and /measures/<instrument> (reminders.kinds).
  const measure = /^\/measures\/([\w-]+)/.exec(p)?.[1];
  const screen = p.startsWith("/headache") ? <Headache auth={props.auth} path={p} />
    : p.startsWith("/progress") ? <Progress auth={props.auth} />
    : measure ? <Progress auth={props.auth} open={measure} />
    : p.startsWith("/checkin/weekly") ? <WeeklyCheckin auth={props.auth} />
    : p.startsWith("/reminders") ? <Reminders auth={props.auth} />
    : p.startsWith("/account") ? <Account auth={props.auth} onSignOut={props.onSignOut} />
    : <Today auth={props.auth} />;
  return (
    <>
      <a class="skip" href="#main">{m.skipToContent}</a>
      <header class="top">
        <span class="brand">{m.appName}</span>
        <ThemeToggle />
        <a class="btn ghost small" href="/account" aria-current={p.startsWith("/account") ? "page" : undefined}>{m.navAccount}</a>
        <button class="btn ghost small" onClick={async () => { await logout(); props.onSignOut(); }}>{m.signOut}</button>
      </header>
      <main id="main" tabIndex={-1}>
        {!online && <Notice kind="info">{m.offline}</Notice>}
        <SyncStatus />
        {screen}
      </main>
      <nav class="tabs" aria-label="Main">
        {tabs.map(([href, label]) => (
          <a key={href} href={href} aria-current={p.startsWith(href) || (href === "/today" && p === "/") || (href === "/progress" && !!measure) ? "page" : undefined}>{label}</a>
        ))}
      </nav>
    </>
  );
}
