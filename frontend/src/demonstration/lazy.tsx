// The demonstration renderer is its own chunk, fetched when an exercise shows one: the
// patient's entry bundle carries only this wrapper.
import { lazy, Suspense } from "preact/compat";
import type { Demonstration as Data, Dose } from "./figure";

const Renderer = lazy(() => import("./Demonstration"));

export function DemonstrationView(props: { demonstration: Data | null | undefined; dose?: Dose; compact?: boolean; phase?: "hold" | "rest" }) {
  const d = props.demonstration;
  if (!d || !("poses" in d)) return null;
  return (
    <Suspense fallback={<div class="demo demo-loading" aria-hidden="true" />}>
      <Renderer demonstration={d} dose={props.dose} compact={props.compact} phase={props.phase} />
    </Suspense>
  );
}
