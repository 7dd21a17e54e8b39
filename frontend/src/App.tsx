import { lazy, Suspense } from "preact/compat";
import { useEffect, useState } from "preact/hooks";
import { currentAuth, type Auth } from "./lib/api";
import { linkToken, navigate, usePath } from "./lib/router";
import { m } from "./messages";
import { SignIn } from "./patient/SignIn";
import { Invite } from "./patient/Invite";
import { ForgotPassword, ResetPassword } from "./account/SignInSteps";
import { PatientApp } from "./patient/PatientApp";
import { Loading } from "./ui";

// The therapist dashboard is its own chunk: patients never download it.
const TherapistApp = lazy(() => import("./therapist/TherapistApp"));

export function App() {
  const path = usePath();
  const [auth, setAuth] = useState<Auth | null>(currentAuth());
  const signedIn = (a: Auth | null) => {
    setAuth(a);
    if (!a) navigate("/", true);
  };
  useEffect(() => {
    if (auth && (path === "/" || path === "/signin")) {
      navigate(auth.user.role === "patient" ? "/today" : "/therapist", true);
    }
  }, [auth, path]);

  const inviteToken = linkToken("/invite", path);
  if (inviteToken !== null) {
    return <Invite token={inviteToken} onDone={(a) => { setAuth(a); navigate("/today", true); }} />;
  }
  const resetToken = linkToken("/reset-password", path);
  if (resetToken !== null) return <ResetPassword token={resetToken} />;
  if (!auth && path === "/forgot-password") return <ForgotPassword />;
  if (!auth) return <SignIn onDone={(a) => { setAuth(a); const to = landing(a, path); if (to) navigate(to, true); }} />;
  if (auth.user.role === "patient") return <PatientApp auth={auth} path={path} onSignOut={() => signedIn(null)} />;
  return (
    <Suspense fallback={<main><Loading /></main>}>
      <TherapistApp auth={auth} path={path} onSignOut={() => signedIn(null)} />
    </Suspense>
  );
}

/** Where signing in leads: on to the page asked for (a notification's link, opened on a
 * device that was signed out) when it is one of the role's own, else the role's start. */
function landing(a: Auth, path: string): string | null {
  const staffPage = path.startsWith("/therapist");
  if (a.user.role !== "patient") return staffPage ? null : "/therapist";
  return path === "/" || path === "/signin" || staffPage ? "/today" : null;
}

export const title = (t: string) => { document.title = `${t} · ${m.appName}`; };
