import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';

/**
 * A local server on 127.0.0.1 that speaks (or pretends to speak) RESP, for the Redis client's failure paths: each
 * connection hands every command it receives (parsed as RESP arrays of bulk strings) to `answer`, which returns the
 * raw bytes to send back, or nothing to stay silent. It records connections and commands, so a test can say that
 * nothing connected, or that no AUTH was sent.
 */
export interface FakeRedis {
	port: number;
	connections: number;
	commands: string[][];
	close(): Promise<void>;
}

export type Answer = (command: string[], socket: Socket) => string | Buffer | undefined;

export async function startFakeRedis(answer: Answer): Promise<FakeRedis> {
	const sockets = new Set<Socket>();
	const fake: FakeRedis = { port: 0, connections: 0, commands: [], close: async () => undefined };
	const server: Server = createServer((socket) => {
		fake.connections++;
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
		socket.on('error', () => undefined);
		let buffer = '';
		socket.on('data', (chunk: Buffer) => {
			buffer += chunk.toString('latin1');
			for (;;) {
				const parsed = parseCommand(buffer);
				if (!parsed) break;
				buffer = buffer.slice(parsed.length);
				fake.commands.push(parsed.command);
				const reply = answer(parsed.command, socket);
				if (reply !== undefined && !socket.destroyed) socket.write(reply);
			}
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	fake.port = (server.address() as AddressInfo).port;
	fake.close = () =>
		new Promise<void>((resolve) => {
			for (const socket of sockets) socket.destroy();
			server.close(() => resolve());
		});
	return fake;
}

/** One `*N\r\n$len\r\narg\r\n...` command from the start of `text`, or undefined until it is complete. */
function parseCommand(text: string): { command: string[]; length: number } | undefined {
	const head = /^\*(\d+)\r\n/.exec(text);
	if (!head) return undefined;
	let at = head[0].length;
	const command: string[] = [];
	for (let i = 0; i < Number(head[1]); i++) {
		const bulk = /^\$(\d+)\r\n/.exec(text.slice(at));
		if (!bulk) return undefined;
		at += bulk[0].length;
		const length = Number(bulk[1]);
		if (text.length < at + length + 2) return undefined;
		command.push(Buffer.from(text.slice(at, at + length), 'latin1').toString('utf8'));
		at += length + 2;
	}
	return { command, length: at };
}
