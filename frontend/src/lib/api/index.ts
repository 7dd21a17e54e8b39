// `import ... from "../lib/api"`: the client, and each resource's calls.
export * from "./client";
export * from "./patients";
export * from "./assignments";
export * from "./alerts";
export * from "./logs";
export type { Schema, Schemas } from "./types";
