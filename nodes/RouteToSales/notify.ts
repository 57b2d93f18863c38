import { sleep as n8nSleep, type IDataObject, type IHttpRequestOptions, type IN8nHttpFullResponse } from 'n8n-workflow';

/** Posts one request; in the node, httpRequestWithAuthentication with the webhook credential (auth and signing). */
export type PostRequest = (options: IHttpRequestOptions) => Promise<IN8nHttpFullResponse>;

export interface DeliveryOptions {
	/** Attempts in all, first one included (1 to 5). */
	maxAttempts: number;
	/** Waits double from this: 1 s, 2 s, 4 s ...; a Retry-After header overrides it, up to maxDelayMs. */
	baseDelayMs: number;
	maxDelayMs: number;
	timeoutMs: number;
	sleep: (ms: number) => Promise<void>;
}

export const DEFAULT_DELIVERY: DeliveryOptions = {
	maxAttempts: 3,
	baseDelayMs: 1000,
	maxDelayMs: 30_000,
	timeoutMs: 10_000,
	sleep: n8nSleep,
};

export interface DeliveryOutcome extends IDataObject {
	status: 'sent' | 'failed';
	attempts: number;
	statusCode: number | null;
	error: string | null;
}

const MAX_ERROR_BODY = 200;

/**
 * Posts the message as JSON text, retrying timeouts, network errors, 429 and 5xx with exponential backoff. Never
 * throws for a delivery problem: the outcome goes on the item, so a failed message never loses the lead.
 */
export async function deliverMessage(
	post: PostRequest,
	url: string,
	message: IDataObject,
	options: DeliveryOptions = DEFAULT_DELIVERY,
): Promise<DeliveryOutcome> {
	// Serialised once, here: the credential signs exactly these bytes and every retry sends the same ones.
	const body = JSON.stringify(message);
	let outcome: DeliveryOutcome = { status: 'failed', attempts: 0, statusCode: null, error: null };
	for (let attempt = 1; attempt <= options.maxAttempts; attempt++) {
		let retryAfterMs: number | undefined;
		try {
			const response = await post({
				url,
				method: 'POST',
				body,
				headers: { 'Content-Type': 'application/json; charset=utf-8' },
				timeout: options.timeoutMs,
				returnFullResponse: true,
				ignoreHttpStatusErrors: true,
				json: false,
			});
			const code = response.statusCode;
			if (code >= 200 && code < 300) return { status: 'sent', attempts: attempt, statusCode: code, error: null };
			outcome = { status: 'failed', attempts: attempt, statusCode: code, error: `HTTP ${code}${bodySnippet(response.body)}` };
			if (!isRetryable(code)) return outcome;
			retryAfterMs = retryAfter(response.headers);
		} catch (error) {
			outcome = { status: 'failed', attempts: attempt, statusCode: null, error: error instanceof Error ? error.message : String(error) };
		}
		if (attempt < options.maxAttempts) {
			await options.sleep(Math.min(retryAfterMs ?? options.baseDelayMs * 2 ** (attempt - 1), options.maxDelayMs));
		}
	}
	return outcome;
}

function isRetryable(statusCode: number): boolean {
	return statusCode === 408 || statusCode === 429 || statusCode >= 500;
}

function retryAfter(headers: IN8nHttpFullResponse['headers']): number | undefined {
	const raw = headers?.['retry-after'] ?? headers?.['Retry-After'];
	const seconds = Number(Array.isArray(raw) ? raw[0] : raw);
	return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : undefined;
}

function bodySnippet(body: unknown): string {
	const text = Buffer.isBuffer(body) ? body.toString('utf8') : typeof body === 'string' ? body : body ? JSON.stringify(body) : '';
	const trimmed = text.trim();
	if (!trimmed) return '';
	return `: ${trimmed.length > MAX_ERROR_BODY ? `${trimmed.slice(0, MAX_ERROR_BODY)}...` : trimmed}`;
}
