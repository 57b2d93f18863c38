const path = require('path');
const { src, dest, series } = require('gulp');

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

exports.build = series(copyNodeAssets, writeJsonSchemas);
exports.default = exports.build;
