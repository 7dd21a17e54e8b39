import { Suspense } from "preact/compat";
import { logout, type Auth } from "../lib/api";
import { m } from "../messages";
import { match, therapistRoutes } from "../routes";
import { Loading, ThemeToggle } from "../ui";

// The shell: header and menu; the screen comes from the route table (each its own chunk).
export default function TherapistApp(props: { auth: Auth; path: string; onSignOut: () => void }) {
  const admin = props.auth.user.role === "clinic_admin";
  const { route, params } = match(therapistRoutes, props.path, { admin });
  const current = (nav: string) => (route.nav === nav ? "page" : undefined);
  return (
    <>
      <a class="skip" href="#main">{m.skipToContent}</a>
      <header class="top staff">
        <span class="brand">{m.appName} · {props.auth.user.clinic_name ?? ""}</span>
        <nav class="side" aria-label="Main">
          <a href="/therapist" aria-current={current("/therapist")}>{m.navPatients}</a>
          <a href="/therapist/alerts" aria-current={current("/therapist/alerts")}>{m.navAlerts}</a>
          {admin && <a href="/therapist/clinic" aria-current={current("/therapist/clinic")}>{m.navClinic}</a>}
          <a href="/therapist/account" aria-current={current("/therapist/account")}>{m.navAccount}</a>
        </nav>
        <ThemeToggle />
        <button class="btn ghost small" onClick={async () => { await logout(); props.onSignOut(); }}>{m.signOut}</button>
      </header>
      <main id="main" class="wide" tabIndex={-1}>
        <Suspense fallback={<Loading />}>{route.screen({ auth: props.auth, params, onSignOut: props.onSignOut })}</Suspense>
      </main>
    </>
  );
}
