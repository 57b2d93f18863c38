import { rmSync } from 'node:fs';

/** Removes the run's tarball and n8n user folders; E2E_KEEP=1 keeps them to inspect a failure. */
export default function globalTeardown(): void {
	const runDir = process.env.E2E_RUN_DIR;
	if (runDir && !process.env.E2E_KEEP) rmSync(runDir, { recursive: true, force: true, maxRetries: 3 });
}
