/**
 * n8n in queue mode as growing teams run it: Redis (the queue), PostgreSQL (the database), one `n8n start`
 * (editor, webhooks, enqueues executions) and `n8n worker` processes that run them, all on loopback.
 * `scripts/start-queue.sh` starts the same stack with the same variables for people.
 *
 *   const home = await createN8nHome();
 *   const stack = await startQueueServices(home);            // Redis + PostgreSQL, home.env gets the queue settings
 *   const [id] = await importWorkflows(stack.home, [...]); await publishWorkflow(stack.home, id);
 *   await stack.startN8n({ workers: 2 });                    // main + workers, ready
 *   stack.executionsByWorker();                              // which worker ran which execution
 *   await stack.stop();
 */
import { randomBytes } from 'node:crypto';
import { freePort, pollUntil, spawnN8n, startN8n, type N8nHome, type N8nProcess, type RunningN8n } from './n8n';
import { startPostgres, startRedis, type RunningPostgres, type RunningRedis } from './services';

/** The variables every process of a queue-mode n8n needs (the same in `scripts/start-queue.sh`). */
export function queueEnv(redis: RunningRedis, pg: RunningPostgres, encryptionKey: string): NodeJS.ProcessEnv {
	return {
		EXECUTIONS_MODE: 'queue',
		QUEUE_BULL_REDIS_HOST: redis.host,
		QUEUE_BULL_REDIS_PORT: String(redis.port),
		...(redis.password ? { QUEUE_BULL_REDIS_PASSWORD: redis.password } : {}),
		DB_TYPE: 'postgresdb',
		DB_POSTGRESDB_HOST: pg.host,
		DB_POSTGRESDB_PORT: String(pg.port),
		DB_POSTGRESDB_DATABASE: pg.database,
		DB_POSTGRESDB_USER: pg.user,
		DB_POSTGRESDB_PASSWORD: pg.password,
		// Every process decrypts the same credentials: one key for all of them.
		N8N_ENCRYPTION_KEY: encryptionKey,
		// Test runs from the editor run on workers too, as production executions do.
		OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS: 'true',
		// n8n removes a finished job from Bull at once (keep 0) and the main then waits for it with Bull's
		// `job.finished()`: a job that a worker finishes before the main starts waiting (the main first runs its
		// "before" hooks) is neither in the completed set nor announced again, so that webhook never answers
		// (Bull issue OptimalBits/bull#1906; 1 of 200 posts here). Keeping the last jobs lets the wait see them.
		N8N_EXECUTIONS_QUEUE_KEEP_LAST_COMPLETED: '1000',
		N8N_EXECUTIONS_QUEUE_KEEP_LAST_FAILED: '1000',
	};
}

export interface QueueStack {
	/** The home with the queue settings in its env: CLI commands (import, publish) use PostgreSQL too. */
	home: N8nHome;
	redis: RunningRedis;
	pg: RunningPostgres;
	main?: RunningN8n;
	workers: N8nProcess[];
	/** Starts the main and the workers (each with its own task-runner broker port) and waits until all are ready. */
	startN8n(options: { workers: number; maxLifetimeSeconds?: number }): Promise<RunningN8n>;
	/** Execution ids each worker says it started ("Worker started execution 12 (job 12)"), by worker index. */
	executionsByWorker(): string[][];
	stop(): Promise<void>;
}

/** `maxLifetimeSeconds` bounds Redis and PostgreSQL (default 30 minutes; the bench runs longer). */
export async function startQueueServices(home: N8nHome, { maxLifetimeSeconds = 1800 } = {}): Promise<QueueStack> {
	const [redis, pg] = await Promise.all([startRedis({ password: randomBytes(8).toString('hex'), maxLifetimeSeconds }), startPostgres({ database: 'n8n', maxLifetimeSeconds })]);
	const stackHome: N8nHome = { dir: home.dir, env: { ...home.env, ...queueEnv(redis, pg, randomBytes(24).toString('hex')) } };
	const startedBy: string[][] = [];
	let stopped = false;
	const stack: QueueStack = {
		home: stackHome,
		redis,
		pg,
		workers: [],
		async startN8n({ workers, maxLifetimeSeconds = 900 }) {
			stack.main = await startN8n(stackHome, { maxLifetimeSeconds });
			// A test that timed out may have stopped the stack meanwhile: start nothing more.
			if (stopped) throw new Error('the queue stack was stopped while n8n started');
			for (let i = 0; i < workers; i++) {
				// Counted as the lines come: the kept output is only the tail.
				const started: string[] = [];
				let carry = '';
				const onOutput = (chunk: string) => {
					const lines = (carry + chunk).split('\n');
					carry = lines.pop() ?? '';
					for (const line of lines) {
						const match = /Worker started execution (\d+) \(job/.exec(line);
						if (match) started.push(match[1]);
					}
				};
				startedBy.push(started);
				stack.workers.push(spawnN8n(stackHome, ['worker', '--concurrency=10'], { N8N_RUNNERS_BROKER_PORT: String(await freePort()) }, { onOutput, maxLifetimeSeconds }));
			}
			await Promise.all(
				stack.workers.map((worker, i) =>
					pollUntil(90_000, worker.exited, `n8n worker ${i + 1} did not get ready`, async () => worker.output().includes('n8n worker is now ready')).catch(
						(error: Error) => {
							throw new Error(`${error.message}\n--- worker output ---\n${worker.output().slice(-6000)}`);
						},
					),
				),
			);
			return stack.main;
		},
		executionsByWorker: () => startedBy.map((ids) => [...ids]),
		async stop() {
			stopped = true;
			await Promise.all([stack.main?.stop(), ...stack.workers.map((worker) => worker.stop())]);
			await Promise.all([redis.stop(), pg.stop()]);
		},
	};
	return stack;
}
