// Validates rendered Kubernetes objects (multi-document YAML on stdin or in
// the files named) against the API schemas of kubernetes-models (Kubernetes'
// own OpenAPI) and the CRD schemas of the Prometheus Operator and
// CloudNativePG. Every object must have a known apiVersion/kind: an unknown
// one is an error, not a skip. Prints one line per problem and a summary;
// exit 1 if any. usage: node k8s-validate.mjs [FILE...]
import { readFileSync } from "node:fs";
import { parseAllDocuments } from "yaml";

// apiVersion's group -> the package that models it.
const PACKAGES = {
  "monitoring.coreos.com": "@kubernetes-models/prometheus-operator",
  "postgresql.cnpg.io": "@kubernetes-models/cloudnative-pg",
};

async function modelOf(apiVersion, kind) {
  const [group, version] = apiVersion.includes("/") ? apiVersion.split("/") : ["", apiVersion];
  const pkg = PACKAGES[group] ?? "kubernetes-models";
  const path = group === "" ? `${pkg}/${version}/${kind}` : `${pkg}/${group}/${version}/${kind}`;
  try {
    const module = await import(path);
    return module[kind];
  } catch {
    return undefined;
  }
}

function describe(error) {
  // ValidationError carries ajv's errors: say where and what.
  if (Array.isArray(error.errors)) {
    return error.errors.map((e) => `${e.instancePath || "/"} ${e.message}`).join("; ");
  }
  return String(error.message ?? error);
}

const inputs = process.argv.length > 2
  ? process.argv.slice(2).map((f) => [f, readFileSync(f, "utf8")])
  : [["stdin", readFileSync(0, "utf8")]];
let checked = 0;
const problems = [];
for (const [name, text] of inputs) {
  for (const doc of parseAllDocuments(text)) {
    if (doc.errors.length) {
      problems.push(`${name}: YAML: ${doc.errors[0].message}`);
      continue;
    }
    const object = doc.toJS();
    if (object == null) continue;
    const where = `${name}: ${object.kind}/${object.metadata?.name}`;
    if (typeof object.apiVersion !== "string" || typeof object.kind !== "string") {
      problems.push(`${where}: no apiVersion or kind`);
      continue;
    }
    const Model = await modelOf(object.apiVersion, object.kind);
    if (!Model) {
      problems.push(`${where}: no schema for ${object.apiVersion} ${object.kind}`);
      continue;
    }
    try {
      new Model(object).validate();
      ++checked;
    } catch (error) {
      problems.push(`${where}: ${describe(error)}`);
    }
  }
}
for (const p of problems) console.log(p);
console.log(`${checked} objects valid, ${problems.length} problems`);
process.exit(problems.length ? 1 : 0);
