const path = require('path');
const { src, dest, series } = require('gulp');

/**
 * zod goes into dist/src/zod.js, bundled over what tsc emitted for src/zod.ts (a bare `require("zod/v4")`): n8n's
 * verification rejects runtime dependencies, and a bare require would load whichever zod the n8n instance carries.
 * Its licence ships beside it. `console` calls are dropped: n8n's scanner rejects them, and zod's only one warns
 * about a JSON Schema target we never pass.
 */
async function bundleZod() {
  const fs = require('fs');
  const esbuild = require('esbuild');
  const { version } = require('zod/package.json');
  await esbuild.build({
    entryPoints: ['src/zod.ts'],
    outfile: 'dist/src/zod.js',
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    drop: ['console'],
    banner: { js: `/* zod ${version} (zod/v4), MIT License, Copyright (c) 2025 Colin McDonnell: see zod.LICENSE */` },
    logLevel: 'warning',
  });
  fs.copyFileSync(path.join(path.dirname(require.resolve('zod/package.json')), 'LICENSE'), path.join('dist', 'src', 'zod.LICENSE'));
}

/** n8n loads node icons and codex files from beside the compiled node, so copy them into dist/. */
function copyNodeAssets() {
  return src(['nodes/**/*.{svg,json}', 'credentials/**/*.svg', '!credentials/leadScoringRedisApi*.svg'], { base: '.', encoding: false }).pipe(dest('dist'));
}

/** Editors and agencies validate per-client model and ladder files against these schemas. */
async function writeJsonSchemas() {
  const fs = require('fs');
  const { modelJsonSchema, stageLadderJsonSchema } = require('./dist/src');
  fs.writeFileSync(path.join('dist', 'scoring-model.schema.json'), JSON.stringify(modelJsonSchema(), null, 2));
  fs.writeFileSync(path.join('dist', 'stage-ladder.schema.json'), JSON.stringify(stageLadderJsonSchema(), null, 2));
}

exports.build = series(bundleZod, copyNodeAssets, writeJsonSchemas);
exports.default = exports.build;
