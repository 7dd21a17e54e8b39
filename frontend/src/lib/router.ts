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
