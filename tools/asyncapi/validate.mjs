// Validates an AsyncAPI document with the official parser (@asyncapi/parser, which applies the
// AsyncAPI JSON Schemas and its Spectral rule set). Prints every diagnostic as
// "severity code path: message" and exits 1 when any is an error (or, with --strict, a warning).
// Usage: node validate.mjs [--strict] FILE
import { Parser, fromFile } from '@asyncapi/parser';

const args = process.argv.slice(2);
const strict = args.includes('--strict');
const file = args.find((a) => !a.startsWith('--'));
if (!file) {
  console.error('usage: node validate.mjs [--strict] FILE');
  process.exit(2);
}

const names = ['error', 'warning', 'info', 'hint'];
const { document, diagnostics } = await fromFile(new Parser(), file).parse();
let failures = 0;
for (const d of diagnostics) {
  const where = (d.path || []).join('.');
  const line = d.range ? ` (line ${d.range.start.line + 1})` : '';
  console.log(`${names[d.severity] ?? d.severity} ${d.code} ${where}${line}: ${d.message}`);
  if (d.severity === 0 || (strict && d.severity === 1)) {
    failures++;
  }
}
if (!document || failures > 0) {
  console.log(`INVALID: ${file} (${failures} problem(s)${document ? '' : ', not parsed'})`);
  process.exit(1);
}
console.log(
  `VALID: ${file}: AsyncAPI ${document.version()}, ${document.channels().length} channels, ` +
    `${document.operations().length} operations, ${document.messages().length} messages`,
);
