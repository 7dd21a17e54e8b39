// The API's TypeScript types, generated from its OpenAPI schema: `npm run api-types`
// (or `make api-types`) writes src/lib/api/schema.d.ts, which is committed.
// `node scripts/api-types.mjs --out DIR` writes DIR/schema.d.ts instead (the staleness test
// in tests/web/test_api_types.py compares that with the committed file).
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import openapiTS from "openapi-typescript";

const here = new URL(".", import.meta.url).pathname;
const repo = resolve(here, "../..");
const args = process.argv.slice(2);
const outDir = args.includes("--out") ? resolve(args[args.indexOf("--out") + 1]) : join(repo, "frontend/src/lib/api");
const venvPython = join(repo, ".venv/bin/python");
const python = process.env.PYTHON ?? (existsSync(venvPython) ? venvPython : "python3");

const tmp = mkdtempSync(join(tmpdir(), "hep-schema-"));
try {
  const schemaFile = join(tmp, "schema.yaml");
  // The same schema whatever the developer's environment holds: the test settings, and
  // production's database engine (integer ranges, hence `int64` formats, follow the engine).
  // The address is never connected to; building the schema reads no data.
  execFileSync(python, ["manage.py", "spectacular", "--file", schemaFile], {
    cwd: repo, stdio: ["ignore", "inherit", "inherit"],
    env: { ...process.env, DJANGO_SETTINGS_MODULE: "hep.settings.test", PYTHONPATH: join(repo, "backend"),
      DATABASE_URL: "postgres://schema@127.0.0.1:9/schema", DATABASE_CONNECT_TIMEOUT_SECONDS: "1" },
  });
  const types = await openapiTS(pathToFileURL(schemaFile), { exportType: false, alphabetize: true });
  writeFileSync(join(outDir, "schema.d.ts"), types);
  console.log(`wrote ${join(outDir, "schema.d.ts")}`);
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
