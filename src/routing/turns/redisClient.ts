import { createHash } from 'node:crypto';
import { connect as netConnect, type LookupFunction, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';

/**
 * The few Redis commands the turn store needs (AUTH, SELECT, EVALSHA, EVAL, PING), spoken in RESP2 over one
 * socket. Why not a client library: n8n's own Redis credential cannot be used by a community node (n8n's lint
 * forbids reusing another package's credential, and n8n's `redis` module is not ours to import), and a full
 * client's reconnect loops and offline queues are what we must NOT have here: when Redis is down a lead must
 * fail at once, clearly, never wait or fall back. Replies are bounded and checked: a reply that is not RESP2, a number
 * that is not a number, or a reply nobody asked for drops the connection (every later reply would belong to the wrong
 * command), fails every pending command, and the next call opens a new one. This module ships only in the companion
 * package n8n-nodes-lead-scoring-redis: sockets and timers are what n8n's scanner refuses in the main package.
 */

export interface RedisConnectionOptions {
	host: string;
	port: number;
	user?: string;
	password?: string;
	database?: number;
	tls?: boolean;
	/** With TLS: false accepts self-signed certificates. */
	rejectUnauthorized?: boolean;
	connectTimeoutMs?: number;
	commandTimeoutMs?: number;
	/** Name lookup for the connection, e.g. n8n's secure lookup that checks every address against its SSRF rules. */
	lookup?: LookupFunction;
}

export type RedisReply = string | number | null | RedisReply[];

/** Redis answered with an error reply (a script error, wrong password, NOSCRIPT...). */
export class RedisReplyError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'RedisReplyError';
	}
}

/** Redis could not be reached, or the connection broke or timed out. */
export class RedisUnavailableError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'RedisUnavailableError';
	}
}

/** Redis (or what listens there) did not answer in time: the turn store's breaker counts these. */
export class RedisTimeoutError extends RedisUnavailableError {
	constructor(message: string) {
		super(message);
		this.name = 'RedisTimeoutError';
	}
}

/**
 * One sentence for every answer that is not Redis's (an HTTP or PostgreSQL server, garbage, a close before the reply):
 * the credential test and the node's errors must not tell what else listens on a port.
 */
export const notRedis = (where: string) => `Redis at ${where} gave no Redis reply: the connection closed, or what answered is not a Redis server`;

const MAX_BULK_BYTES = 16 * 1024 * 1024;
const MAX_ARRAY_LENGTH = 100_000;
const INCOMPLETE = Symbol('incomplete');

interface Pending {
	resolve: (reply: RedisReply | RedisReplyError) => void;
	reject: (error: Error) => void;
}

export class RedisConnection {
	private buffer = Buffer.alloc(0);
	private readonly pending: Pending[] = [];
	private broken: Error | undefined;
	private timer: ReturnType<typeof setTimeout> | undefined;

	private constructor(
		private readonly socket: Socket,
		private readonly where: string,
		private readonly commandTimeoutMs: number,
	) {
		socket.on('data', (chunk: Buffer) => this.receive(chunk));
		socket.on('error', (error) => this.fail(new RedisUnavailableError(`Redis at ${where}: ${inWords(error)}`)));
		// Closed while a command waits: whatever listens there did not answer as Redis (one sentence for all, see notRedis).
		socket.on('close', () => this.fail(new RedisUnavailableError(this.pending.length > 0 ? notRedis(where) : `Redis at ${where}: connection closed`)));
	}

	static async open(options: RedisConnectionOptions): Promise<RedisConnection> {
		const where = `${options.host}:${options.port}`;
		const timeoutMs = options.connectTimeoutMs ?? 5000;
		const socket = await new Promise<Socket>((resolve, reject) => {
			const onConnect = () => {
				socket.setTimeout(0);
				socket.off('error', onError);
				resolve(socket);
			};
			const onError = (error: Error) => {
				socket.destroy();
				reject(new RedisUnavailableError(`Redis at ${where} is unreachable: ${inWords(error)}`));
			};
			const lookup = options.lookup ? { lookup: options.lookup } : {};
			const socket: Socket = options.tls
				? tlsConnect({ host: options.host, port: options.port, servername: options.host, rejectUnauthorized: options.rejectUnauthorized ?? true, ...lookup }, onConnect)
				: netConnect({ host: options.host, port: options.port, ...lookup }, onConnect);
			socket.setTimeout(timeoutMs, () => {
				socket.destroy();
				reject(new RedisTimeoutError(`Redis at ${where} is unreachable: no connection within ${timeoutMs / 1000} s`));
			});
			socket.once('error', onError);
		});
		socket.setNoDelay(true);
		socket.setKeepAlive(true, 30_000);
		// An idle pooled connection must not keep a CLI process such as `n8n execute` alive.
		socket.unref();
		const connection = new RedisConnection(socket, where, options.commandTimeoutMs ?? 5000);
		try {
			const handshake: Array<Promise<RedisReply>> = [];
			if (options.password) {
				handshake.push(connection.call(...(options.user ? ['AUTH', options.user, options.password] : ['AUTH', options.password])));
			}
			if (options.database) handshake.push(connection.call('SELECT', options.database));
			await Promise.all(handshake);
		} catch (error) {
			connection.close();
			throw error;
		}
		return connection;
	}

	get usable(): boolean {
		return this.broken === undefined;
	}

	/** Sends one command; resolves with its reply, rejects with RedisReplyError or RedisUnavailableError. */
	call(...args: Array<string | number>): Promise<RedisReply> {
		if (this.broken) return Promise.reject(this.broken);
		return new Promise<RedisReply>((resolve, reject) => {
			this.pending.push({
				resolve: (reply) => (reply instanceof RedisReplyError ? reject(reply) : resolve(reply)),
				reject,
			});
			this.socket.write(encodeCommand(args));
			this.armTimer();
		});
	}

	close(): void {
		this.fail(new RedisUnavailableError(`Redis at ${this.where}: connection closed by the client`));
	}

	private armTimer(): void {
		if (this.timer) return;
		this.timer = setTimeout(() => {
			this.fail(new RedisTimeoutError(`Redis at ${this.where} did not answer within ${this.commandTimeoutMs / 1000} s`));
		}, this.commandTimeoutMs);
		this.timer.unref?.();
	}

	private receive(chunk: Buffer): void {
		this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
		let offset = 0;
		try {
			while (offset < this.buffer.length) {
				// Bytes nobody asked for: every later reply would go to the wrong command.
				if (this.pending.length === 0) throw new Error('protocol error: a reply nobody asked for');
				const parsed = parseReply(this.buffer, offset);
				if (parsed === INCOMPLETE) break;
				offset = parsed.next;
				this.pending.shift()!.resolve(parsed.reply);
				// Progress: the timer now covers the commands still waiting.
				clearTimeout(this.timer);
				this.timer = undefined;
				if (this.pending.length > 0) this.armTimer();
			}
		} catch {
			// What exactly was wrong stays here: the words would tell an HTTP server from a database (see notRedis).
			this.fail(new RedisUnavailableError(notRedis(this.where)));
			return;
		}
		this.buffer = this.buffer.subarray(offset);
	}

	private fail(error: Error): void {
		if (!this.broken) this.broken = error;
		clearTimeout(this.timer);
		this.timer = undefined;
		this.socket.destroy();
		for (const waiting of this.pending.splice(0)) waiting.reject(this.broken);
	}
}

// Words, not codes: n8n replaces a node error message that contains a code such as ECONNREFUSED by a generic
// sentence ("The service refused the connection - perhaps it is offline") that would hide which service it was.
const SOCKET_ERRORS: Record<string, string> = {
	ECONNREFUSED: 'connection refused',
	ECONNRESET: 'connection reset by the server',
	ENOTFOUND: 'host not found',
	EAI_AGAIN: 'host name lookup failed',
	ETIMEDOUT: 'connection timed out',
	EHOSTUNREACH: 'host unreachable',
	ECONNABORTED: 'connection aborted',
	EPIPE: 'connection broken',
};

function inWords(error: Error & { code?: string }): string {
	return (error.code && SOCKET_ERRORS[error.code]) || error.message.replace(/\bE[A-Z_]{4,}\b/g, (code) => SOCKET_ERRORS[code] ?? code.toLowerCase());
}

export function encodeCommand(args: Array<string | number>): Buffer {
	const parts: Buffer[] = [Buffer.from(`*${args.length}\r\n`)];
	for (const arg of args) {
		const bytes = Buffer.from(String(arg));
		parts.push(Buffer.from(`$${bytes.length}\r\n`), bytes, Buffer.from('\r\n'));
	}
	return Buffer.concat(parts);
}

type Parsed = { reply: RedisReply | RedisReplyError; next: number } | typeof INCOMPLETE;

/** One RESP2 reply from `offset`, or INCOMPLETE when more bytes are needed; throws on a protocol error. */
export function parseReply(buffer: Buffer, offset: number): Parsed {
	const lineEnd = buffer.indexOf('\r\n', offset);
	if (lineEnd < 0) {
		if (buffer.length - offset > 64 * 1024) throw new Error('protocol error: header line too long');
		return INCOMPLETE;
	}
	const type = String.fromCharCode(buffer[offset]);
	const line = buffer.toString('utf8', offset + 1, lineEnd);
	const next = lineEnd + 2;
	switch (type) {
		case '+':
			return { reply: line, next };
		case '-':
			return { reply: new RedisReplyError(line), next };
		case ':':
			return { reply: integer(line, 'integer'), next };
		case '$': {
			const length = integer(line, 'bulk length');
			if (length === -1) return { reply: null, next };
			if (length < 0 || length > MAX_BULK_BYTES) throw new Error(`protocol error: bulk length ${line}`);
			if (buffer.length < next + length + 2) return INCOMPLETE;
			if (buffer[next + length] !== 13 || buffer[next + length + 1] !== 10) throw new Error('protocol error: bulk string not ended by CRLF');
			return { reply: buffer.toString('utf8', next, next + length), next: next + length + 2 };
		}
		case '*': {
			const length = integer(line, 'array length');
			if (length === -1) return { reply: null, next };
			if (length < 0 || length > MAX_ARRAY_LENGTH) throw new Error(`protocol error: array length ${line}`);
			const items: RedisReply[] = [];
			let at = next;
			for (let i = 0; i < length; i++) {
				const item = parseReply(buffer, at);
				if (item === INCOMPLETE) return INCOMPLETE;
				if (item.reply instanceof RedisReplyError) throw new Error(`script error inside a reply: ${item.reply.message}`);
				items.push(item.reply);
				at = item.next;
			}
			return { reply: items, next: at };
		}
		default:
			throw new Error(`protocol error: unexpected reply type "${type}"`);
	}
}

/** A RESP integer ("-12"), exactly: Number() would read "" as 0 and "notanumber" as NaN. */
function integer(text: string, what: string): number {
	const value = /^-?\d{1,16}$/.test(text) ? Number(text) : Number.NaN;
	if (!Number.isSafeInteger(value)) throw new Error(`protocol error: ${what} ${JSON.stringify(text.slice(0, 20))}`);
	return value;
}

/** A Lua script run by its SHA1 (EVALSHA), loaded with EVAL the first time a server does not know it. */
export class RedisScript {
	readonly sha: string;
	constructor(readonly source: string) {
		this.sha = createHash('sha1').update(source).digest('hex');
	}

	async run(connection: RedisConnection, keys: string[], args: Array<string | number>): Promise<RedisReply> {
		try {
			return await connection.call('EVALSHA', this.sha, keys.length, ...keys, ...args);
		} catch (error) {
			if (!(error instanceof RedisReplyError) || !error.message.startsWith('NOSCRIPT')) throw error;
			return connection.call('EVAL', this.source, keys.length, ...keys, ...args);
		}
	}
}

/**
 * One connection per server and login, shared by every execution in this process (a worker runs many at
 * once; RESP pipelines their commands in order). A broken connection is dropped and the next call reconnects.
 */
export class RedisPool {
	private readonly connections = new Map<string, Promise<RedisConnection>>();

	async get(options: RedisConnectionOptions): Promise<RedisConnection> {
		const key = createHash('sha256')
			.update(JSON.stringify([options.host, options.port, options.user ?? '', options.password ?? '', options.database ?? 0, !!options.tls, options.rejectUnauthorized ?? true]))
			.digest('hex');
		const existing = this.connections.get(key);
		if (existing) {
			const connection = await existing.catch(() => undefined);
			if (connection?.usable) return connection;
			if (this.connections.get(key) === existing) this.connections.delete(key);
		}
		const opening = RedisConnection.open(options);
		this.connections.set(key, opening);
		opening.catch(() => this.connections.get(key) === opening && this.connections.delete(key));
		return opening;
	}

	closeAll(): void {
		for (const opening of this.connections.values()) void opening.then((c) => c.close(), () => undefined);
		this.connections.clear();
	}
}
