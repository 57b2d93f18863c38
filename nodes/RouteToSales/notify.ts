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
	/** Time spent on all messages of one execution, waits included; past it the rest are not sent. */
	budgetMs?: number;
	/** After this many leads in a row whose message failed, the rest are not sent (the webhook is down). */
	breakAfter?: number;
	now?: () => number;
}

export const DEFAULT_DELIVERY: DeliveryOptions = {
	maxAttempts: 3,
	baseDelayMs: 1000,
	maxDelayMs: 30_000,
	timeoutMs: 10_000,
	sleep: n8nSleep,
	budgetMs: 120_000,
	breakAfter: 5,
};

export interface DeliveryOutcome extends IDataObject {
	/** notSent: never tried, because the execution's delivery budget was spent or the circuit breaker opened. */
	status: 'sent' | 'failed' | 'notSent';
	attempts: number;
	statusCode: number | null;
	error: string | null;
}

const MAX_ERROR_BODY = 200;
const MAX_ERROR = 300;
/** Network errors that may pass on a later attempt; anything else (an invalid URL, a blocked address) will not. */
const TRANSIENT_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ECONNABORTED', 'ETIMEDOUT', 'ESOCKETTIMEDOUT', 'EPIPE', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ENETDOWN']);

/**
 * Delivers the messages of one execution: each with retries (timeouts, transient network errors, 408, 429 and
 * 5xx, with exponential backoff), all within one time budget, and with a circuit breaker: after `breakAfter`
 * leads in a row whose message failed, the remaining ones are marked not sent at once instead of each waiting
 * out its own retries. Never throws for a delivery problem: the outcome goes on the item, so the lead and its
 * assignment are never lost.
 */
export function createDelivery(post: PostRequest, url: string, options: DeliveryOptions = DEFAULT_DELIVERY) {
	const now = options.now ?? Date.now;
	const deadline = now() + (options.budgetMs ?? Number.POSITIVE_INFINITY);
	const breakAfter = options.breakAfter ?? Number.POSITIVE_INFINITY;
	let failuresInARow = 0;
	return async (body: string): Promise<DeliveryOutcome> => {
		if (failuresInARow >= breakAfter) {
			return notSent(`not sent: the webhook failed for ${failuresInARow} leads in a row, so the rest of this execution's messages were skipped`);
		}
		if (now() >= deadline) return notSent(`not sent: this execution's delivery time (${Math.round((options.budgetMs ?? 0) / 1000)} s) was spent`);
		const outcome = await deliverMessage(post, url, body, options, deadline, now);
		failuresInARow = outcome.status === 'sent' ? 0 : failuresInARow + 1;
		return outcome;
	};
}

function notSent(error: string): DeliveryOutcome {
	return { status: 'notSent', attempts: 0, statusCode: null, error };
}

/** Posts one message (JSON text, or an object serialised here) with retries; see createDelivery. */
export async function deliverMessage(
	post: PostRequest,
	url: string,
	message: IDataObject | string,
	options: DeliveryOptions = DEFAULT_DELIVERY,
	deadline = Number.POSITIVE_INFINITY,
	now: () => number = options.now ?? Date.now,
): Promise<DeliveryOutcome> {
	// Serialised once: the credential signs exactly these bytes and every retry sends the same ones.
	const body = typeof message === 'string' ? message : JSON.stringify(message);
	let outcome: DeliveryOutcome = { status: 'failed', attempts: 0, statusCode: null, error: null };
	const attempts = Number.isInteger(options.maxAttempts) ? Math.min(5, Math.max(1, options.maxAttempts)) : 1;
	for (let attempt = 1; attempt <= attempts; attempt++) {
		let retryAfterMs: number | undefined;
		let retryable: boolean;
		try {
			const response = await post({
				url,
				method: 'POST',
				body,
				headers: { 'Content-Type': 'application/json; charset=utf-8' },
				timeout: Math.max(1, Math.min(options.timeoutMs, deadline - now())),
				returnFullResponse: true,
				ignoreHttpStatusErrors: true,
				json: false,
				// A redirect would carry the body, the auth header and the signature to wherever it points.
				disableFollowRedirect: true,
				sendCredentialsOnCrossOriginRedirect: false,
			});
			const code = response.statusCode;
			if (code >= 200 && code < 300) return { status: 'sent', attempts: attempt, statusCode: code, error: null };
			if (code >= 300 && code < 400) {
				const location = header(response.headers, 'location');
				const where = location ? ` to ${JSON.stringify(location.slice(0, 100))}` : '';
				return {
					status: 'failed',
					attempts: attempt,
					statusCode: code,
					error: `HTTP ${code}: the webhook redirects${where}; redirects are not followed, so the message and its credentials stay with the configured URL. Put the final URL in the credential.`,
				};
			}
			outcome = { status: 'failed', attempts: attempt, statusCode: code, error: `HTTP ${code}${bodySnippet(response.body)}` };
			retryable = isRetryable(code);
			retryAfterMs = retryAfter(response.headers);
		} catch (error) {
			outcome = { status: 'failed', attempts: attempt, statusCode: null, error: bounded(error instanceof Error ? error.message : String(error)) };
			retryable = isTransient(error);
		}
		if (!retryable || attempt === attempts) return outcome;
		const wait = Math.min(retryAfterMs ?? options.baseDelayMs * 2 ** (attempt - 1), options.maxDelayMs);
		if (now() + wait >= deadline) return { ...outcome, error: `${outcome.error} (no time left to retry)` };
		await options.sleep(wait);
	}
	return outcome;
}

function isRetryable(statusCode: number): boolean {
	return statusCode === 408 || statusCode === 429 || statusCode >= 500;
}

/** Timeouts and transient network errors, found by their code on the error or its causes (n8n wraps them). */
function isTransient(error: unknown): boolean {
	let current: unknown = error;
	for (let depth = 0; depth < 5 && current !== null && typeof current === 'object'; depth++) {
		const { code, message } = current as { code?: unknown; message?: unknown };
		if (typeof code === 'string' && TRANSIENT_CODES.has(code)) return true;
		if (typeof message === 'string' && /timeout|timed out|refused the connection/i.test(message)) return true;
		current = (current as { cause?: unknown }).cause;
	}
	return false;
}

function header(headers: IN8nHttpFullResponse['headers'], name: string): string | undefined {
	const entry = Object.entries(headers ?? {}).find(([key]) => key.toLowerCase() === name);
	const raw: unknown = Array.isArray(entry?.[1]) ? (entry[1] as unknown[])[0] : entry?.[1];
	return typeof raw === 'string' ? raw : undefined;
}

function retryAfter(headers: IN8nHttpFullResponse['headers']): number | undefined {
	const seconds = Number(header(headers, 'retry-after'));
	return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : undefined;
}

function bounded(text: string): string {
	return text.length > MAX_ERROR ? `${text.slice(0, MAX_ERROR)}...` : text;
}

function bodySnippet(body: unknown): string {
	const text = Buffer.isBuffer(body) ? body.toString('utf8') : typeof body === 'string' ? body : body ? JSON.stringify(body) : '';
	const trimmed = text.trim();
	if (!trimmed) return '';
	return `: ${trimmed.length > MAX_ERROR_BODY ? `${trimmed.slice(0, MAX_ERROR_BODY)}...` : trimmed}`;
}
