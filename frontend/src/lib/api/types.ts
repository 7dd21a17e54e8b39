// Shorthands for the generated schema (schema.d.ts, from `npm run api-types`).
import type { components } from "./schema";

export type Schemas = components["schemas"];
/** A response or request body as the API's schema documents it. */
export type Schema<K extends keyof Schemas> = Schemas[K];
