import { realpathSync } from 'node:fs';
import { dirname } from 'node:path';
import { queueEnv } from './queue';
import { startRedis, type RunningRedis } from './services';

/**
 * Why the queue-mode stack keeps finished jobs (`N8N_EXECUTIONS_QUEUE_KEEP_LAST_COMPLETED`, test/e2e/queue.ts and
 * scripts/start-queue.sh): in queue mode n8n's main answers a webhook once Bull's `job.finished()` resolves for the
 * execution's job, and it calls it only after its own "before" hooks ran. With n8n's default of keeping no finished
 * job, a job a worker has already finished by then is in no set and its "completed" event is gone: the wait never
 * ends, and that webhook never answers (1 of 200 posts in a CI run, before the setting). This test shows it on the
 * Bull n8n 2.41.1 ships, with n8n's job options, against a real Redis.
 */

// Bull as n8n's runtime installs it (it is not a dependency of this package).
function n8nBull(): any {
	const n8nPackage = dirname(dirname(realpathSync(process.env.E2E_N8N_BIN!)));
	return require(require.resolve('bull', { paths: [n8nPackage] }));
}


describe("n8n's wait for a queue-mode execution (Bull job.finished) and finished-job retention", () => {
	let redis: RunningRedis | undefined;
	let queue: any;

	beforeAll(async () => {
		redis = await startRedis();
		const Bull = n8nBull();
		queue = new Bull('jobs', { redis: { host: redis.host, port: redis.port } });
		void queue.process('job', 2, async () => ({ ok: true }));
	}, 60_000);

	afterAll(async () => {
		await queue?.close();
		await redis?.stop();
	});

	/** Adds a job with n8n's options for that retention, lets the worker finish it, then starts waiting, as n8n's main does. */
	async function waitAfterFinish(keep: number): Promise<'answered' | 'no answer'> {
		const done = new Promise<void>((resolve) => queue.once('completed', () => resolve()));
		const job = await queue.add('job', { executionId: `keep-${keep}` }, { priority: 100, removeOnComplete: keep, removeOnFail: keep });
		await done;
		const waited = job.finished().then(
			() => 'answered' as const,
			() => 'no answer' as const,
		);
		// Bull's watchdog looks for the job every 5 s: two looks are enough to tell.
		let timer: NodeJS.Timeout | undefined;
		const timeout = new Promise<'no answer'>((resolve) => (timer = setTimeout(() => resolve('no answer'), 11_000)));
		try {
			return await Promise.race([waited, timeout]);
		} finally {
			clearTimeout(timer);
		}
	}

	it("with n8n's default (keep no finished job) the wait for a job finished before it never ends", async () => {
		expect(await waitAfterFinish(0)).toBe('no answer');
	}, 60_000);

	it('with finished jobs kept, as our queue stack sets, the same wait answers', async () => {
		const env = queueEnv({ host: '127.0.0.1', port: 1 } as RunningRedis, {} as never, 'key');
		const keep = Number(env.N8N_EXECUTIONS_QUEUE_KEEP_LAST_COMPLETED);
		expect(keep).toBeGreaterThanOrEqual(1000);
		expect(Number(env.N8N_EXECUTIONS_QUEUE_KEEP_LAST_FAILED)).toBe(keep);
		expect(await waitAfterFinish(keep)).toBe('answered');
	}, 60_000);
});
