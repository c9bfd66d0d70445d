// Validate the JSON-LD of built pages with Adobe's structured-data validator.
// usage: node validate-structured-data.mjs NODE_MODULES SCHEMAORG_JSONLD PAGE.html...
// Prints one JSON object: {"page.html": {found: [types], issues: [issue, ...]}, ...}. Issues carry severity ERROR or WARNING.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const [modules, schemaPath, ...pages] = process.argv.slice(2);
const load = async (name) => (await import(pathToFileURL(join(modules, name, JSON.parse(
  readFileSync(join(modules, name, 'package.json'), 'utf8')).main || 'index.js')).href)).default;

const WebAutoExtractor = await load('@marbec/web-auto-extractor');
const Validator = await load('@adobe/structured-data-validator');
const schema = JSON.parse(readFileSync(schemaPath, 'utf8'));
const out = {};
for (const page of pages) {
  const html = readFileSync(page, 'utf8');
  const extracted = new WebAutoExtractor({ addLocation: true, embedSource: ['rdfa', 'microdata'] }).parse(html);
  const issues = await new Validator(schema).validate(extracted);
  out[page] = {
    found: Object.keys(extracted.jsonld || {}),
    issues: issues.map(({ issueMessage, severity, path, fieldNames, rootType }) =>
      ({ issueMessage, severity, path, fieldNames, rootType })),
  };
}
console.log(JSON.stringify(out));
