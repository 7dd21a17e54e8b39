// Every library exercise's demonstration in one place, so a clinician can check each
// drawing against its instructions (issue 14, item 1).
import { get } from "../lib/api";
import { m } from "../messages";
import { DemonstrationView } from "../demonstration/lazy";
import type { Demonstration } from "../demonstration/figure";
import { Loading, LoadError, useLoad } from "../ui";

interface Exercise {
  slug: string; name: string; kind: string; instructions: string;
  demonstration: Demonstration | null; default_prescription: { hold_seconds?: number; rest_seconds?: number };
}

export function Demonstrations() {
  const [list, err, reload] = useLoad(() => get<Exercise[]>("exercises"));
  if (err && !list) return <LoadError retry={reload} />;
  if (!list) return <Loading />;
  return (
    <section aria-labelledby="demos-h">
      <h1 id="demos-h">{m.demosTitle}</h1>
      <p class="muted">{m.demosIntro}</p>
      {list.map((e) => (
        <article class="card" key={e.slug} data-exercise={e.slug} aria-labelledby={`demo-${e.slug}`}>
          <h2 id={`demo-${e.slug}`}>{e.name}</h2>
          {e.demonstration && "none" in e.demonstration
            ? <p class="muted">{m.demosNone(e.demonstration.none)}</p>
            : <DemonstrationView demonstration={e.demonstration} dose={e.default_prescription} />}
          <details><summary>{m.demosInstructions}</summary><p style={{ whiteSpace: "pre-line" }}>{e.instructions}</p></details>
        </article>
      ))}
    </section>
  );
}
