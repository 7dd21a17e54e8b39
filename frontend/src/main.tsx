import { render } from "preact";
import "./styles.css";
import { App } from "./App";
import { loadAuth, startSync } from "./lib/api";
import { interceptLinks, moveTokenToFragment } from "./lib/router";
import { registerServiceWorker } from "./lib/sw";
import { applyTheme, storedTheme } from "./ui";

applyTheme(storedTheme());
moveTokenToFragment("/invite");
registerServiceWorker();
interceptLinks();
loadAuth().finally(() => {
  startSync();
  render(<App />, document.getElementById("app")!);
});
