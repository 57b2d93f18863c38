import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { connect } from 'node:net';
import { promisify } from 'node:util';
import { startPostgres, startRedis, type RunningPostgres, type RunningRedis } from './services';

const run = promisify(execFile);

/** One RESP exchange with redis-cli's wire format, answered as raw text. */
function redisSay(port: number, ...commands: string[][]): Promise<string> {
	const payload = commands.map((parts) => `*${parts.length}\r\n${parts.map((p) => `$${Buffer.byteLength(p)}\r\n${p}\r\n`).join('')}`).join('');
	return new Promise((resolve, reject) => {
		const socket = connect(port, '127.0.0.1', () => socket.end(payload));
		let answer = '';
		socket.on('data', (chunk) => (answer += chunk.toString()));
		socket.on('error', reject);
		socket.on('close', () => resolve(answer));
	});
}

describe('test services: real Redis and PostgreSQL on loopback', () => {
	let redis: RunningRedis | undefined;
	let pg: RunningPostgres | undefined;
	afterAll(async () => {
		await redis?.stop();
		await pg?.stop();
	});

	it('starts redis-server with a password, answers commands, and stops (data dir gone, port closed)', async () => {
		redis = await startRedis({ password: 's3cret' });
		expect(redis.url).toBe(`redis://:s3cret@127.0.0.1:${redis.port}`);
		expect(await redisSay(redis.port, ['PING'])).toMatch(/^-NOAUTH/);
		expect(await redisSay(redis.port, ['AUTH', 's3cret'], ['SET', 'k', 'v'], ['GET', 'k'])).toBe('+OK\r\n+OK\r\n$1\r\nv\r\n');
		await redis.stop();
		await expect(redisSay(redis.port, ['PING'])).rejects.toThrow(/ECONNREFUSED/);
		expect(existsSync(redis.dir)).toBe(false);
		await redis.stop(); // twice is fine
	});

	it('starts PostgreSQL as the postgres user, with password login over TCP and the databases asked for', async () => {
		pg = await startPostgres({ database: 'leads' });
		expect(pg.url).toBe(`postgres://postgres:${pg.password}@127.0.0.1:${pg.port}/leads`);
		await pg.createDatabase('n8n');
		const psql = (password: string, db: string) =>
			run('psql', ['-h', '127.0.0.1', '-p', String(pg!.port), '-U', pg!.user, '-d', db, '-Atc', 'SELECT current_database(), current_user'], {
				env: { ...process.env, PGPASSWORD: password, PGCONNECT_TIMEOUT: '5' },
			});
		expect((await psql(pg.password, 'leads')).stdout.trim()).toBe('leads|postgres');
		expect((await psql(pg.password, 'n8n')).stdout.trim()).toBe('n8n|postgres');
		await expect(psql('wrong', 'leads')).rejects.toThrow(/password authentication failed/);
		await expect(pg.createDatabase('Bad; DROP')).rejects.toThrow(/lower-case/);
		expect(existsSync(`${pg.dir}/data/PG_VERSION`)).toBe(true);
		await pg.stop();
		await expect(psql(pg.password, 'leads')).rejects.toThrow(/Connection refused|could not connect/);
		expect(existsSync(pg.dir)).toBe(false);
	});
});
