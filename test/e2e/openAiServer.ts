/**
 * A stand-in for the OpenAI API on 127.0.0.1 that speaks its Chat Completions protocol (plain JSON and
 * server-sent events), for n8n's own OpenAI Chat Model node. It plays a scripted model: the first request
 * that offers tools gets a call of the tool `toolName` with `toolArguments`; once the conversation carries
 * the tool's answer, the model answers in words built by `finalAnswer` from that answer. Every request is
 * kept, so a test can check what n8n sent (the tools' schemas, the tool result the agent passed back).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ChatMessage {
	role: string;
	content?: string | null | Array<{ type: string; text?: string }>;
	tool_calls?: Array<{ id: string; type: string; function: { name: string; arguments: string } }>;
	tool_call_id?: string;
}

export interface ChatRequest {
	model: string;
	messages: ChatMessage[];
	tools?: Array<{ type: string; function: { name: string; description?: string; parameters?: Record<string, unknown> } }>;
	stream?: boolean;
}

export interface FakeOpenAi {
	/** The base URL to put into n8n's OpenAI credential: http://127.0.0.1:<port>/v1 */
	url: string;
	/** Every chat completion request received, in order. */
	requests: ChatRequest[];
	/** Paths of requests the server does not speak (a test should see none). */
	unknown: string[];
	close(): Promise<void>;
}

export interface Script {
	/** The tool to call: matched against the offered tools' names, case-insensitively, ignoring "_" and spaces. */
	toolName: string;
	toolArguments: Record<string, unknown>;
	/** The model's last words, given the text of the tool's answer. */
	finalAnswer: (toolAnswer: string) => string;
}

const normal = (name: string) => name.toLowerCase().replace(/[\s_-]/g, '');

export function textOf(content: ChatMessage['content']): string {
	if (typeof content === 'string') return content;
	if (Array.isArray(content)) return content.map((part) => part.text ?? '').join('');
	return '';
}

export async function startFakeOpenAi(script: Script): Promise<FakeOpenAi> {
	const requests: ChatRequest[] = [];
	const unknown: string[] = [];
	let calls = 0;

	const reply = (request: ChatRequest): ChatMessage => {
		const toolAnswer = [...request.messages].reverse().find((m) => m.role === 'tool');
		if (toolAnswer) return { role: 'assistant', content: script.finalAnswer(textOf(toolAnswer.content)) };
		const tool = request.tools?.find((t) => normal(t.function.name) === normal(script.toolName));
		if (!tool) return { role: 'assistant', content: `No tool named ${script.toolName} was offered.` };
		calls += 1;
		return {
			role: 'assistant',
			content: null,
			tool_calls: [{ id: `call_${calls}`, type: 'function', function: { name: tool.function.name, arguments: JSON.stringify(script.toolArguments) } }],
		};
	};

	const server = createServer((req: IncomingMessage, res: ServerResponse) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			if (req.method !== 'POST' || !req.url?.endsWith('/chat/completions')) {
				unknown.push(`${req.method} ${req.url}`);
				res.writeHead(404, { 'content-type': 'application/json' });
				res.end(JSON.stringify({ error: { message: `not served here: ${req.method} ${req.url}`, type: 'invalid_request_error' } }));
				return;
			}
			let request: ChatRequest;
			let message: ChatMessage;
			try {
				request = JSON.parse(Buffer.concat(chunks).toString('utf8')) as ChatRequest;
				requests.push(request);
				message = reply(request);
			} catch (error) {
				// A script that throws answers as the API does on a server fault, so n8n fails at once instead of waiting.
				res.writeHead(500, { 'content-type': 'application/json' });
				res.end(JSON.stringify({ error: { message: `stand-in model failed: ${(error as Error).message}`, type: 'server_error' } }));
				return;
			}
			const finish = message.tool_calls ? 'tool_calls' : 'stop';
			const base = { id: `chatcmpl-${requests.length}`, created: 1_764_000_000, model: request.model };
			const usage = { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 };
			if (!request.stream) {
				res.writeHead(200, { 'content-type': 'application/json' });
				res.end(JSON.stringify({ ...base, object: 'chat.completion', choices: [{ index: 0, message, finish_reason: finish, logprobs: null }], usage }));
				return;
			}
			res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
			const send = (data: unknown) => res.write(`data: ${JSON.stringify(data)}\n\n`);
			const delta = message.tool_calls
				? { role: 'assistant', content: null, tool_calls: message.tool_calls.map((call, index) => ({ index, ...call })) }
				: { role: 'assistant', content: message.content };
			send({ ...base, object: 'chat.completion.chunk', choices: [{ index: 0, delta, finish_reason: null }] });
			send({ ...base, object: 'chat.completion.chunk', choices: [{ index: 0, delta: {}, finish_reason: finish }], usage });
			res.end('data: [DONE]\n\n');
		});
	});
	await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}/v1`,
		requests,
		unknown,
		close: () => new Promise((done) => server.close(() => done())),
	};
}
