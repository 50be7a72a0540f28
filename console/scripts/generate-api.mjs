// Generates src/api/schema.d.ts from the committed snapshot openapi.json (`npm run api`),
// or checks that it is current (`npm run api -- --check`).
// Powertools' document names #/components/schemas/ValidationError without defining it; the
// standard FastAPI shape is added here (only when missing) so the generator can resolve it.
import { readFile, writeFile } from "node:fs/promises";
import openapiTS, { astToString } from "openapi-typescript";

const SNAPSHOT = new URL("../openapi.json", import.meta.url);
const OUTPUT = new URL("../src/api/schema.d.ts", import.meta.url);
const VALIDATION_ERROR = {
  type: "object",
  title: "ValidationError",
  required: ["loc", "msg", "type"],
  properties: {
    loc: { type: "array", items: { anyOf: [{ type: "string" }, { type: "integer" }] } },
    msg: { type: "string" },
    type: { type: "string" },
  },
};

const document = JSON.parse(await readFile(SNAPSHOT, "utf8"));
const schemas = (document.components ??= {}).schemas ??= {};
schemas.ValidationError ??= VALIDATION_ERROR;
const header = "// Generated from console/openapi.json by `npm run api` (make console-api). Do not edit.\n";
// Fields with a default are optional in a request (the API fills them in).
const generated = header + astToString(await openapiTS(document, { defaultNonNullable: false }));

if (process.argv.includes("--check")) {
  const current = await readFile(OUTPUT, "utf8").catch(() => "");
  if (current !== generated) {
    console.error("src/api/schema.d.ts is not generated from openapi.json: run `make console-api`");
    process.exit(1);
  }
} else {
  await writeFile(OUTPUT, generated);
}
