import { render } from "preact";
import "./styles.css";
import { App } from "./App";
import { loadAuth, startSync } from "./lib/api";
import { interceptLinks, moveTokenToFragment } from "./lib/router";
import { registerServiceWorker } from "./lib/sw";
import { applyTheme } from "./ui";

applyTheme((localStorage.getItem("theme") as "system" | "dark" | "light") || "system");
moveTokenToFragment("/invite");
registerServiceWorker();
interceptLinks();
loadAuth().finally(() => {
  startSync();
  render(<App />, document.getElementById("app")!);
});
