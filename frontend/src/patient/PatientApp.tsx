import { logout, type Auth } from "../lib/api";
import { m } from "../messages";
import { match, patientRoutes, patientTabs } from "../routes";
import { Notice, SyncStatus, ThemeToggle, useOnline } from "../ui";

export function PatientApp(props: { auth: Auth; path: string; onSignOut: () => void }) {
  const online = useOnline();
  const { route, params } = match(patientRoutes, props.path);
  const current = (nav: string) => (route.nav === nav ? "page" : undefined);
  return (
    <>
      <a class="skip" href="#main">{m.skipToContent}</a>
      <header class="top">
        <span class="brand">{m.appName}</span>
        <ThemeToggle />
        <a class="btn ghost small" href="/account" aria-current={current("/account")}>{m.navAccount}</a>
        <button class="btn ghost small" onClick={async () => { await logout(); props.onSignOut(); }}>{m.signOut}</button>
      </header>
      <main id="main" tabIndex={-1}>
        {!online && <Notice kind="info">{m.offline}</Notice>}
        <SyncStatus />
        {route.screen({ auth: props.auth, params, onSignOut: props.onSignOut })}
      </main>
      <nav class="tabs" aria-label="Main">
        {patientTabs.map(([href, label]) => (
          <a key={href} href={href} aria-current={current(href)}>{label}</a>
        ))}
      </nav>
    </>
  );
}
