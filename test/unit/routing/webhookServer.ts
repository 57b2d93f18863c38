import axios from 'axios';
import { createServer, type IncomingHttpHeaders, type Server } from 'http';
import type { AddressInfo } from 'net';
import type { ICredentialDataDecryptedObject, IHttpRequestOptions, IN8nHttpFullResponse } from 'n8n-workflow';
import { authenticateWebhook } from '../../../credentials/LeadScoringWebhookApi.credentials';
import type { PostRequest } from '../../../nodes/RouteToSales/notify';

interface Received {
	headers: IncomingHttpHeaders;
	body: string;
}

/** A webhook on 127.0.0.1 that answers from a script of [status, headers, body] and records what it got. */
export async function startWebhook(script: Array<[number, Record<string, string>?, string?]>) {
	const received: Received[] = [];
	const server: Server = createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
			const [status, headers, body] = script[Math.min(received.length - 1, script.length - 1)];
			res.writeHead(status, headers);
			res.end(body ?? '');
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
	return { url, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** What httpRequestWithAuthentication does, minus n8n: the credential's authenticate, then a real request. */
export function postWith(credentials: ICredentialDataDecryptedObject): PostRequest {
	return async (options: IHttpRequestOptions): Promise<IN8nHttpFullResponse> => {
		const request = await authenticateWebhook(credentials, options);
		const response = await axios.request({
			url: request.url,
			method: request.method,
			data: request.body,
			headers: request.headers as Record<string, string>,
			timeout: 2000,
			maxRedirects: request.disableFollowRedirect ? 0 : undefined,
			validateStatus: () => true,
			transformRequest: [(data) => data],
			responseType: 'text',
		});
		return { statusCode: response.status, headers: response.headers as Record<string, string>, body: response.data };
	};
}

