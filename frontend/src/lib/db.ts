// The device's own storage: the sign-in token and the outbox of writes waiting to sync.
import { openDB, type DBSchema, type IDBPDatabase } from "idb";
import type { OutboxEntry } from "./outbox";

interface HepDB extends DBSchema {
  kv: { key: string; value: unknown };
  outbox: { key: string; value: OutboxEntry; indexes: { by_order: number } };
}

export type Db = IDBPDatabase<HepDB>;
let dbp: Promise<Db> | null = null;

export function db(name = "hep-tracker"): Promise<Db> {
  if (!dbp) {
    dbp = openDB<HepDB>(name, 1, {
      upgrade(d) {
        d.createObjectStore("kv");
        const out = d.createObjectStore("outbox", { keyPath: "client_id" });
        out.createIndex("by_order", "order");
      },
    });
  }
  return dbp;
}

/** For tests: forget the open connection so the next db() opens a fresh database. */
export function resetDbForTests() {
  dbp = null;
}

export async function kvGet<T>(key: string): Promise<T | undefined> {
  return (await (await db()).get("kv", key)) as T | undefined;
}
export async function kvSet(key: string, value: unknown): Promise<void> {
  await (await db()).put("kv", value, key);
}
export async function kvDel(key: string): Promise<void> {
  await (await db()).delete("kv", key);
}
