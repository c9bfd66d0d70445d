// Read a JSON array of JSON-LD documents, print the N-Quads jsonld.js makes of each.
// Usage: node jsonld_to_nquads.js NODE_MODULES/jsonld CONTEXT.jsonld DOCUMENTS.json
// The document loader serves schema.org's context from CONTEXT.jsonld and loads nothing else.
"use strict";
const fs = require("fs");
const jsonld = require(process.argv[2]);
const context = JSON.parse(fs.readFileSync(process.argv[3], "utf8"));
const documents = JSON.parse(fs.readFileSync(process.argv[4], "utf8"));
const SCHEMA = new Set();
for (const scheme of ["http", "https"]) {
  for (const path of ["", "/", "/docs/jsonldcontext.jsonld", "/docs/jsonldcontext.json"]) {
    SCHEMA.add(`${scheme}://schema.org${path}`);
  }
}
const documentLoader = async (url) => {
  if (SCHEMA.has(url)) return { contextUrl: null, documentUrl: url, document: context };
  throw new Error(`refusing to load ${url}`);
};
(async () => {
  for (const document of documents) {
    process.stdout.write(await jsonld.toRDF(document, { format: "application/n-quads", documentLoader }));
  }
})().catch((error) => {
  console.error(error && error.stack ? error.stack : error);
  process.exit(1);
});
