// Checks axe-core leaves to people, run inside the page by tests/e2e/a11y.py.
// Each returns a list of readable findings (empty when all is well).
window.__a11y = (() => {
  const rgb = (c) => c.match(/[\d.]+/g).map(Number);
  const opaque = (c) => rgb(c)[3] === undefined || rgb(c)[3] > 0;
  // WCAG relative luminance and contrast ratio.
  const lum = (c) => {
    const [r, g, b] = rgb(c).slice(0, 3).map((v) => {
      const x = v / 255;
      return x <= 0.03928 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const ratio = (a, b) => {
    const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
    return (hi + 0.05) / (lo + 0.05);
  };
  const behind = (el) => {
    for (let e = el.parentElement; e; e = e.parentElement) {
      const c = getComputedStyle(e).backgroundColor;
      if (opaque(c)) return c;
    }
    return "rgb(255, 255, 255)";
  };
  const named = (el) =>
    `${el.tagName.toLowerCase()} "${(el.getAttribute("aria-label") || el.textContent || el.name || el.type || "").trim().slice(0, 40)}"`;
  const ms = (list) =>
    Math.max(0, ...list.split(",").map((x) => parseFloat(x) * (x.trim().endsWith("ms") ? 1 : 1000)));

  return {
    // The page background's luminance (body, or html when body is transparent).
    backgroundLuminance() {
      const bg = [document.body, document.documentElement]
        .map((e) => getComputedStyle(e).backgroundColor).find(opaque);
      return lum(bg || "rgb(255, 255, 255)");
    },

    // Tap areas under `min` px. An input inside a <label> answers taps anywhere on the label;
    // a control parked off screen until focused (the skip link) is measured focused.
    smallTargets(min) {
      const small = [];
      for (const el of document.querySelectorAll("button, input, select, textarea, summary, a[href]")) {
        if (el.type === "hidden" || el.closest("[hidden]")) continue;
        let box = el.getBoundingClientRect();
        if (box.width === 0 && box.height === 0) continue; // not rendered
        // Links inside running text are exempt (WCAG 2.5.8 "inline").
        if (el.matches("a") && el.closest("p, li") && !el.closest("nav")) continue;
        const parked = box.right <= 0 || box.bottom <= 0;
        if (parked) { el.focus(); box = el.getBoundingClientRect(); el.blur(); }
        const label = el.matches("input, select, textarea") && el.closest("label");
        if (label) box = label.getBoundingClientRect();
        if (box.width < min - 0.5 || box.height < min - 0.5) {
          small.push(`${named(el)} is ${Math.round(box.width)}x${Math.round(box.height)} px`);
        }
      }
      return small;
    },

    // WCAG 1.4.11: the edge of a text field or scale chip stands out 3:1 from what surrounds
    // it (its border, or its fill if that differs). One line per kind of control and colours.
    faintControls() {
      const faint = new Map();
      const sel = "input:not([type=hidden]):not([type=radio]):not([type=checkbox]), select, textarea, label.chip";
      for (const el of document.querySelectorAll(sel)) {
        const box = el.getBoundingClientRect();
        if (box.width === 0 || box.height === 0) continue;
        const cs = getComputedStyle(el), around = behind(el);
        const edge = parseFloat(cs.borderTopWidth) > 0 && opaque(cs.borderTopColor) ? ratio(cs.borderTopColor, around) : 1;
        const fill = opaque(cs.backgroundColor) ? ratio(cs.backgroundColor, around) : 1;
        if (Math.max(edge, fill) < 3) {
          const kind = el.tagName.toLowerCase() + (el.classList.length ? "." + [...el.classList].join(".") : `[type=${el.type}]`);
          const key = `${kind}: edge ${cs.borderTopColor} on ${around} is ${edge.toFixed(2)}:1`;
          faint.set(key, (faint.get(key) || 0) + 1);
        }
      }
      return [...faint].map(([key, n]) => (n > 1 ? `${key} (${n} of them)` : key));
    },

    // Anything that moves: a CSS animation or transition longer than 10 ms on an element or
    // its ::before/::after, and any animation the document is running right now.
    moving() {
      const moving = [];
      for (const el of document.querySelectorAll("*")) {
        for (const pseudo of [null, "::before", "::after"]) {
          const cs = getComputedStyle(el, pseudo);
          const anim = cs.animationName !== "none" && ms(cs.animationDuration) > 10;
          const trans = ms(cs.transitionDuration) > 10;
          if (!anim && !trans) continue;
          const cls = typeof el.className === "string" && el.className.trim() ? "." + el.className.trim().split(/\s+/).join(".") : "";
          const how = anim ? `animation ${cs.animationDuration}` : `transition ${cs.transitionProperty} ${cs.transitionDuration}`;
          moving.push(`${el.tagName.toLowerCase()}${cls}${pseudo || ""}: ${how}`);
        }
      }
      for (const a of document.getAnimations()) moving.push(`running animation ${a.animationName || a.transitionProperty || a.constructor.name}`);
      return moving;
    },

    // The focused control, if any part of it is behind the fixed tab bar (WCAG 2.4.11).
    focusUnderTabBar() {
      const el = document.activeElement, bar = document.querySelector("nav.tabs");
      if (!el || el === document.body || !bar || bar.contains(el)) return null;
      const a = el.getBoundingClientRect(), b = bar.getBoundingClientRect();
      const overlap = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
      return overlap > 0.5 ? `${named(el)} goes under the tab bar` : null;
    },
  };
})();
