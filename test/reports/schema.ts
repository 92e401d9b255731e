// The published JSON Schema of the report document (docs/report.schema.json), compiled with ajv.
import { readFileSync } from "node:fs";
import { Ajv } from "ajv";
import addFormatsModule from "ajv-formats";

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;
export const ajv = new Ajv({ allErrors: true, strict: true });
addFormats(ajv);
export const validateReport = ajv.compile(JSON.parse(readFileSync(new URL("../../docs/report.schema.json", import.meta.url), "utf8")));
