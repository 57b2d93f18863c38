import type { IDataObject } from 'n8n-workflow';
import { importCredentials, useCredential, type CredentialJson } from './credentials';
import { ADA, E2E_MODEL } from './fixtures';
import { createN8nHome, executeWorkflow, importWorkflows, type ExecutionResult, type N8nHome } from './n8n';
import { startFakeOpenAi, textOf, type FakeOpenAi } from './openAiServer';
import { manualTrigger, node, ours } from './workflows';

/**
 * Score Lead as a tool of n8n's own AI Agent (V3, as 2.41.1 adds it), with n8n's OpenAI Chat Model node on an
 * OpenAI credential whose base URL points at a stand-in OpenAI server on 127.0.0.1. The scripted model calls
 * the tool with a lead; n8n runs "Score Lead Tool" on it and the agent hands the score back to the model.
 */
const LEAD = { email: ADA.email, jobTitle: ADA.jobTitle, events: ADA.events };
// Ada under the E2E model (see scoreLead.e2e): fit 20 + 15 = 35 (grade B), engagement 25 + 3 x 5 = 40 (level 1): 75, B1.
// The compact result: score, grade, summary and the three largest contributions first (the 15s in the model's order).
const ADA_RESULT = {
	score: 75,
	grade: 'B',
	summary: '+20 Senior title, +15 Company email, +25 Demo request, +15 Pricing page x3',
	topReasons: ['+25 Demo request', '+20 Senior title', '+15 Company email'],
	label: 'B1',
	fitScore: 35,
	engagementScore: 40,
	model: 'E2E model v3',
};

function agentWorkflow(id: string, credential: CredentialJson, toolParameters: IDataObject = {}) {
	const agent = node('AI Agent', '@n8n/n8n-nodes-langchain.agent', { promptType: 'define', text: `Score this lead: ${JSON.stringify(LEAD)}`, options: {} }, { typeVersion: 3.1 });
	const chatModel = node(
		'OpenAI Chat Model',
		'@n8n/n8n-nodes-langchain.lmChatOpenAi',
		{ model: { __rl: true, mode: 'list', value: 'gpt-4.1-mini' }, responsesApiEnabled: false, options: {} },
		{ typeVersion: 1.3, ...useCredential(credential) },
	);
	const tool = ours('Score Lead', 'scoreLeadTool', { modelSource: 'json', modelJson: JSON.stringify(E2E_MODEL), includeExplanation: false, options: { asOf: '2026-11-22T00:00:00Z' }, ...toolParameters });
	const trigger = manualTrigger();
	return {
		id,
		name: `Agent ${id}`,
		// As the editor saves a new workflow: with the legacy order (v0) the agent resumes before its tool has run.
		settings: { executionOrder: 'v1' },
		nodes: [trigger, agent, chatModel, tool],
		connections: {
			[trigger.name]: { main: [[{ node: agent.name, type: 'main', index: 0 }]] },
			[chatModel.name]: { ai_languageModel: [[{ node: agent.name, type: 'ai_languageModel', index: 0 }]] },
			[tool.name]: { ai_tool: [[{ node: agent.name, type: 'ai_tool', index: 0 }]] },
		},
	};
}

describe("Score Lead as a tool of n8n's AI Agent, with a stand-in OpenAI server (CLI execute)", () => {
	let home: N8nHome;
	let openAi: FakeOpenAi;
	let run: ExecutionResult;

	beforeAll(async () => {
		openAi = await startFakeOpenAi({
			toolName: 'Score Lead',
			toolArguments: { lead: LEAD },
			finalAnswer: (toolAnswer) => {
				const answer = JSON.parse(toolAnswer) as unknown;
				const [result] = (Array.isArray(answer) ? answer : [answer]) as Array<{ score: number; grade: string }>;
				return `The lead scores ${result.score} (grade ${result.grade}).`;
			},
		});
		home = await createN8nHome();
		const credential: CredentialJson = { id: 'fakeOpenAi000001', name: 'Local OpenAI', type: 'openAiApi', data: { apiKey: 'sk-local-test', url: openAi.url } };
		await importCredentials(home, [credential]);
		const [id] = await importWorkflows(home, [agentWorkflow('e2eAgentTool0001', credential)]);
		run = await executeWorkflow(home, id);
	});

	afterAll(async () => {
		await openAi?.close();
	});

	it('offers Score Lead to the model with a lead argument described for it', () => {
		expect(run.data.resultData.error).toBeUndefined();
		const offered = openAi.requests[0].tools ?? [];
		expect(offered.map((t) => t.function.name)).toEqual(['Score_Lead']);
		const { description, parameters } = offered[0].function;
		// The node's own description, as n8n's runtime does not apply usableAsTool replacements to the default.
		expect(description).toBe('Score leads on fit and engagement, with caps, decay, a grade and an explanation of every point');
		expect(parameters).toMatchObject({ type: 'object', required: ['lead'] });
		expect((parameters as { properties: Record<string, { description: string }> }).properties.lead.description).toMatch(/^The lead to score, as a JSON object/);
	});

	it('runs Score Lead Tool on the lead the model passed and hands the exact score back to the model', () => {
		expect(openAi.unknown).toEqual([]);
		expect(openAi.requests).toHaveLength(2);
		// What the tool received: n8n's run data for the tool node shows the model's arguments as its input.
		const toolRuns = run.data.resultData.runData['Score Lead'];
		expect(toolRuns).toHaveLength(1);
		const received = toolRuns[0].inputOverride?.ai_tool?.[0]?.[0]?.json;
		expect(received).toEqual({ lead: LEAD });
		// What it returned, and what the model read back in the tool message.
		expect(toolRuns[0].data?.ai_tool?.[0]?.map((item) => item.json)).toEqual([ADA_RESULT]);
		expect(Object.keys(toolRuns[0].data?.ai_tool?.[0]?.[0]?.json ?? {})).toEqual(Object.keys(ADA_RESULT));
		const toolMessage = openAi.requests[1].messages.find((m) => m.role === 'tool');
		expect(JSON.parse(textOf(toolMessage?.content))).toEqual([ADA_RESULT]);
	});

	it("ends with the model's answer built from the score", () => {
		expect(run.status).toBe('success');
		const answer = run.data.resultData.runData['AI Agent'].at(-1)?.data?.main[0]?.[0]?.json;
		expect(answer).toEqual({ output: 'The lead scores 75 (grade B).' });
	});
});
