'use strict';
// The programmatic entry: the shared scoring core, usable without n8n.
module.exports = require('./dist/src');
