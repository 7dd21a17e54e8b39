"""Accessibility checks run inside the page: axe-core's WCAG 2.2 AA rules, plus what axe
leaves to people (a11y_checks.js): 44 px targets, control edges at 3:1, reflow at 320 px,
focus never behind the tab bar, stillness under reduced motion, a dark page in dark mode.
Each check gives readable findings, so one run of the audit lists everything that is wrong."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "frontend" / "node_modules" / "axe-core" / "axe.min.js"
CHECKS = Path(__file__).with_name("a11y_checks.js")

# Every rule for WCAG 2.0/2.1 A and AA plus 2.2 AA (`target-size` is 2.5.8, tagged wcag22aa).
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

# The colour schemes and motion settings every screen is audited in.
MODES = [("light", "no-preference"), ("dark", "no-preference"),
         ("light", "reduce"), ("dark", "reduce")]

MIN_TARGET_PX = 44

_RUN_AXE = """async (tags) => {
  const options = {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]};
  const r = await axe.run(document, options);
  return r.violations.map((v) => ({id: v.id, impact: v.impact, help: v.help, url: v.helpUrl,
    nodes: v.nodes.map((n) => ({target: n.target.join(" "), html: n.html.slice(0, 160),
                                summary: (n.failureSummary || "").split("\\n").join(" ")}))}));
}"""


def _inject(page) -> None:
    """axe and our checks, once per document (an SPA keeps them across its own navigation)."""
    if page.evaluate("() => typeof window.axe === 'object' && typeof window.__a11y === 'object'"):
        return
    # Evaluated through the DevTools protocol, not added as inline <script> tags, which the
    # app's Content-Security-Policy (script-src 'self') rightly refuses.
    for script in (AXE, CHECKS):
        page.evaluate(script.read_text(encoding="utf-8") + "\n;undefined")


def _check(page, name: str, *args):
    _inject(page)
    return page.evaluate(f"(args) => window.__a11y.{name}(...args)", list(args))


def axe_violations(page) -> list[str]:
    """axe-core's WCAG 2.2 AA violations on the current screen, one readable block each."""
    _inject(page)
    problems = []
    for v in page.evaluate(_RUN_AXE, WCAG_TAGS):
        lines = [f"{v['id']} ({v['impact']}): {v['help']} <{v['url']}>"]
        lines += [f"    {n['target']}: {n['summary']}\n      {n['html']}" for n in v["nodes"][:8]]
        if len(v["nodes"]) > 8:
            lines.append(f"    … and {len(v['nodes']) - 8} more")
        problems.append("\n".join(lines))
    return problems


def background_luminance(page) -> float:
    return _check(page, "backgroundLuminance")


def moving_things(page) -> list[str]:
    return _check(page, "moving")


def small_targets(page) -> list[str]:
    return [f"target under {MIN_TARGET_PX} px: {s}"
            for s in _check(page, "smallTargets", MIN_TARGET_PX)]


def faint_controls(page) -> list[str]:
    return [f"control edge under 3:1 (WCAG 1.4.11): {s}" for s in _check(page, "faintControls")]


def too_wide_at_320(page) -> list[str]:
    """WCAG 1.4.10: at 320 CSS px (400% zoom of a 1280 px window) nothing scrolls sideways."""
    size = page.viewport_size
    page.set_viewport_size({"width": 320, "height": size["height"]})
    try:
        width = page.evaluate("() => document.documentElement.scrollWidth")
        # Fixed bars do not make the page scroll; a control pushed past the edge is cut off.
        # (The skip link waits off screen until focused.)
        cut = page.evaluate("""() => [...document.querySelectorAll("a:not(.skip), button")]
            .filter((el) => {
                const r = el.getBoundingClientRect();
                return r.width > 0 && (r.right > innerWidth + 0.5 || r.left < -0.5);
            })
            .map((el) => el.textContent.trim())""")
    finally:
        page.set_viewport_size(size)
    return ([f"scrolls sideways at 320 px: the page is {width} px wide"] if width > 320 else []
            ) + [f"cut off at the edge at 320 px: {text!r}" for text in cut]


def focus_hidden_under_tab_bar(page, presses: int = 40) -> list[str]:
    """WCAG 2.4.11: tabbing down the screen, no focused control ends up behind the fixed tab
    bar at the bottom. Starts from the top and leaves the page scrolled back there."""
    reset = "() => { document.activeElement?.blur(); window.scrollTo(0, 0); }"
    page.evaluate(reset)
    hidden: list[str] = []
    for _ in range(presses):
        page.keyboard.press("Tab")
        found = _check(page, "focusUnderTabBar")
        if found and found not in hidden:
            hidden.append(found)
    page.evaluate(reset)
    return [f"focus hidden (WCAG 2.4.11): {h}" for h in hidden]


class Audit:
    """Collects every screen's problems in every mode; `report()` lists them all."""

    def __init__(self):
        self.problems: list[str] = []
        self.screens = 0

    def screen(self, page, name: str, *, patient: bool = False):
        """Audit what `page` shows now; `patient` adds the checks for the patient's phone."""
        self.screens += 1
        for scheme, motion in MODES:
            page.emulate_media(color_scheme=scheme, reduced_motion=motion)
            where = f"[{name} · {scheme}{', reduced motion' if motion == 'reduce' else ''}]"
            found = axe_violations(page) + faint_controls(page)
            lum = background_luminance(page)
            if scheme == "dark" and lum > 0.05:
                found.append(f"dark scheme but the page background is light (luminance {lum:.2f})")
            if scheme == "light" and lum < 0.8:
                found.append(f"light scheme but the page background is dark (luminance {lum:.2f})")
            if motion == "reduce":
                found += [f"moves despite reduced motion: {m}" for m in moving_things(page)]
            if patient and (scheme, motion) == MODES[0]:  # sizes do not change with colours
                found += small_targets(page) + too_wide_at_320(page)
                found += focus_hidden_under_tab_bar(page)
            self.problems += [f"{where} {p}" for p in found]
        page.emulate_media(color_scheme="null", reduced_motion="null")

    def report(self) -> str:
        return (f"{len(self.problems)} accessibility problem(s) on {self.screens} screens:\n\n"
                + "\n\n".join(self.problems))
