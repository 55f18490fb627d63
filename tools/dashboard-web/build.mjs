// Builds the dashboard page into bundle armature.dashboard's resources (web/index.html, app.js, app.css).
// The output is committed (docs/adr/0106); DashboardPageBuildTest rebuilds it and compares, so the build must
// be deterministic: no timestamps, no source maps, fixed versions from package-lock.json.
import {build} from 'esbuild';
import {copyFile, mkdir} from 'node:fs/promises';
import {dirname, resolve} from 'node:path';
import {fileURLToPath} from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const out = resolve(process.argv[2] ?? resolve(here, '../../bundles/armature.dashboard/src/main/resources/web'));
await mkdir(out, {recursive: true});
const common = {bundle: true, minify: true, legalComments: 'eof', logLevel: 'warning', charset: 'utf8'};
await build({...common, entryPoints: [resolve(here, 'src/main.js')], outfile: resolve(out, 'app.js'), format: 'iife', target: 'es2020'});
await build({...common, entryPoints: [resolve(here, 'src/app.css')], outfile: resolve(out, 'app.css')});
await copyFile(resolve(here, 'src/index.html'), resolve(out, 'index.html'));
console.log(`dashboard page written to ${out}`);
