/**
 * Credentials in a real n8n: imported from the CLI into a stopped n8n, or created and tested through the REST
 * API of a started one, as the editor does.
 *
 *   await importCredentials(home, [{ id, name, type: 'leadScoringWebhookApi', data: { url } }]);
 *   const session = await ownerSession(n8n);        // POST /rest/owner/setup, then its cookie on every call
 *   const id = await session.createCredential({ name, type, data });
 *   await session.testCredential({ id, name, type, data });   // { status: 'OK' | 'Error', message }
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import axios, { type AxiosResponse } from 'axios';
import type { IDataObject } from 'n8n-workflow';
import { n8nCli, type N8nHome, type RunningN8n } from './n8n';

export interface CredentialJson {
	id: string;
	name: string;
	type: string;
	/** Decrypted: `n8n import:credentials` (2.41) encrypts a `data` object with the home's key. */
	data: IDataObject;
}

/** Imports credentials (owned by the instance owner, set up or not) with one CLI command; n8n should be stopped. */
export async function importCredentials(home: N8nHome, credentials: CredentialJson[]): Promise<void> {
	const file = join(await mkdtemp(join(home.dir, 'credentials-')), 'credentials.json');
	await writeFile(file, JSON.stringify(credentials));
	await n8nCli(home, ['import:credentials', `--input=${file}`]);
}

/** How a node refers to a credential in workflow JSON. */
export const useCredential = ({ id, name, type }: CredentialJson) => ({ credentials: { [type]: { id, name } } });

export interface CredentialTestResult {
	status: 'OK' | 'Error';
	message: string;
}

export interface OwnerSession {
	/** Any REST call with the owner's cookie; fails on a status other than 200. */
	request(method: 'GET' | 'POST', path: string, data?: object): Promise<AxiosResponse>;
	createCredential(credential: Omit<CredentialJson, 'id'>): Promise<string>;
	testCredential(credential: CredentialJson): Promise<CredentialTestResult>;
}

const REQUEST_TIMEOUT_MS = 30_000;
const READY_TIMEOUT_MS = 90_000;

/**
 * /healthz answers as soon as n8n listens, but until the database is migrated every other path answers 200 with
 * the text "n8n is starting up. Please wait"; /healthz/readiness answers 200 once the REST API is mounted.
 */
async function waitUntilReady(n8n: RunningN8n): Promise<void> {
	const deadline = Date.now() + READY_TIMEOUT_MS;
	while (Date.now() < deadline) {
		const response = await axios.get(`${n8n.baseUrl}/healthz/readiness`, { timeout: 2000, validateStatus: () => true }).catch(() => undefined);
		if (response?.status === 200) return;
		await new Promise((done) => setTimeout(done, 500));
	}
	throw new Error(`n8n was not ready within ${READY_TIMEOUT_MS / 1000} s\n--- n8n output ---\n${n8n.output().slice(-6000)}`);
}

/**
 * Waits until n8n is ready, sets up the owner of a fresh n8n (POST /rest/owner/setup answers with the auth cookie) and returns calls made
 * with it. The cookie's token is bound to the `browser-id` header it was issued with, so every call sends the same one.
 */
export async function ownerSession(n8n: RunningN8n): Promise<OwnerSession> {
	await waitUntilReady(n8n);
	const headers: Record<string, string> = { 'browser-id': 'lead-scoring-e2e' };
	const call = async (method: 'GET' | 'POST', path: string, data?: object): Promise<AxiosResponse> => {
		const response = await axios.request({ method, url: `${n8n.baseUrl}/rest${path}`, data, headers, timeout: REQUEST_TIMEOUT_MS, validateStatus: () => true });
		if (response.status !== 200) throw new Error(`${method} /rest${path} answered ${response.status}: ${JSON.stringify(response.data)}`);
		return response;
	};
	const setup = await call('POST', '/owner/setup', {
		email: 'owner@example.com',
		firstName: 'Olive',
		lastName: 'Owner',
		password: 'E2e-owner-password-1',
	});
	const cookie = (setup.headers['set-cookie'] ?? []).map((line) => line.split(';')[0]).find((pair) => pair.startsWith('n8n-auth='));
	if (!cookie) throw new Error(`owner setup set no n8n-auth cookie: ${JSON.stringify(setup.headers)}`);
	headers.cookie = cookie;
	return {
		request: call,
		async createCredential(credential) {
			return String((await call('POST', '/credentials', credential)).data.data.id);
		},
		async testCredential(credential) {
			return (await call('POST', '/credentials/test', { credentials: credential })).data.data as CredentialTestResult;
		},
	};
}
