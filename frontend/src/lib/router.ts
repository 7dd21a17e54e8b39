// A tiny history router: a signal-like store of the current path.
import { useEffect, useState } from "preact/hooks";

type L = () => void;
const listeners = new Set<L>();
export function navigate(to: string, replace = false) {
  if (to === location.pathname + location.search) return;
  history[replace ? "replaceState" : "pushState"](null, "", to);
  listeners.forEach((l) => l());
  window.scrollTo(0, 0);
}
window.addEventListener("popstate", () => listeners.forEach((l) => l()));

export function usePath(): string {
  const [p, setP] = useState(location.pathname);
  useEffect(() => {
    const l = () => setP(location.pathname);
    listeners.add(l);
    return () => void listeners.delete(l);
  }, []);
  return p;
}

/** Same-origin <a> clicks go through the router. */
export function interceptLinks() {
  document.addEventListener("click", (e) => {
    const a = (e.target as HTMLElement).closest?.("a");
    if (!a || e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey) return;
    const href = a.getAttribute("href");
    if (!href || !href.startsWith("/") || a.target || a.hasAttribute("download")) return;
    if (href.startsWith("/api/") || href.startsWith("/admin")) return;
    e.preventDefault();
    navigate(href);
  });
}

/** The secret a link to `screen` carries (an invite, later a password reset), or null when
 * the path is another screen's. Links carry it in the fragment (`/invite#<token>`), which
 * the browser never sends to the server, so it stays out of access logs and proxies. */
export function linkToken(screen: string, path: string): string | null {
  return path === screen ? decodeURIComponent(location.hash.slice(1)) : null;
}

/** Links sent before the fragment form carry the token in the path (`/invite/<token>`).
 * They keep working: at start-up the address becomes `/invite#<token>`, so the token does
 * not stay in the history as a path (and is not sent again on a reload). */
export function moveTokenToFragment(screen: string) {
  if (!location.pathname.startsWith(screen + "/")) return;
  const token = location.pathname.slice(screen.length + 1);
  history.replaceState(history.state, "", `${screen}${location.search}#${token}`);
}
