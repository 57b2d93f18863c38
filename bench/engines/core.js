'use strict';
/** This package's scoring core, from the built tree: the model compiled once, then scoreLead per lead. */
const path = require('node:path');
const core = require(path.resolve(__dirname, '../../dist/src'));

function create(model, asOf) {
	const compiled = core.compileModel(model);
	return { name: 'n8n-nodes-lead-scoring core', score: (lead) => core.scoreLead(compiled, lead, { asOf }) };
}

module.exports = { create, core };
