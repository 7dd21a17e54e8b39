import { Suspense } from "preact/compat";
import { useEffect, useState } from "preact/hooks";
import { alertsChanged, countAlerts, logout, type Auth } from "../lib/api";
import { m } from "../messages";
import { match, therapistRoutes } from "../routes";
import { Loading, ThemeToggle } from "../ui";

// The shell: header and menu; the screen comes from the route table (each its own chunk).
export default function TherapistApp(props: { auth: Auth; path: string; onSignOut: () => void }) {
  const admin = props.auth.user.role === "clinic_admin";
  const { route, params } = match(therapistRoutes, props.path, { admin });
  const current = (nav: string) => (route.nav === nav ? "page" : undefined);
  const open = useOpenAlerts(props.path);
  return (
    <>
      <a class="skip" href="#main">{m.skipToContent}</a>
      <header class="top staff">
        <span class="brand">{m.appName} · {props.auth.user.clinic_name ?? ""}</span>
        <nav class="side" aria-label="Main">
          <a href="/therapist" aria-current={current("/therapist")}>{m.navPatients}</a>
          <a href="/therapist/alerts" aria-current={current("/therapist/alerts")}>{m.navAlerts}
            {open ? <span class="nav-count"><span aria-hidden="true">{open}</span><span class="sr-only">{m.work.openCount(open)}</span></span> : null}</a>
          {admin && <a href="/therapist/clinic" aria-current={current("/therapist/clinic")}>{m.navClinic}</a>}
          <a href="/therapist/demonstrations" aria-current={current("/therapist/demonstrations")}>{m.navDemonstrations}</a>
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

/** Open alerts of the clinic, for the menu: fetched on each screen change and after an
 * alert is resolved or declined anywhere in the app. */
function useOpenAlerts(path: string): number {
  const [count, setCount] = useState(0);
  useEffect(() => {
    let live = true;
    const load = () => countAlerts({ status: "open" }).then((n) => live && setCount(n), () => undefined);
    load();
    alertsChanged.addEventListener("change", load);
    return () => { live = false; alertsChanged.removeEventListener("change", load); };
  }, [path]);
  return count;
}
