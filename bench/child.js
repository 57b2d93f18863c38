'use strict';
/** Runs one measurement in a fresh Node process, so one case's JIT state and heap never colour the next. */
const { execFileSync } = require('node:child_process');

function inChild(script, args, nodeFlags = []) {
	const out = execFileSync(process.execPath, [...nodeFlags, script, JSON.stringify(args)], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
	return JSON.parse(out);
}

/** The entry of a child script: reads its JSON argument, runs `main`, prints the JSON result. */
function childMain(main) {
	Promise.resolve(main(JSON.parse(process.argv[2] || '{}'))).then(
		(result) => process.stdout.write(JSON.stringify(result)),
		(error) => {
			console.error(error);
			process.exit(1);
		},
	);
}

module.exports = { inChild, childMain };
