import { NodeHelpers, Workflow, type INode, type INodeParameters, type INodeType, type INodeTypes } from 'n8n-workflow';
import { ClassifyStage } from '../../../nodes/ClassifyStage/ClassifyStage.node';
import { RouteToSales } from '../../../nodes/RouteToSales/RouteToSales.node';
import { ScoreLead } from '../../../nodes/ScoreLead/ScoreLead.node';
import { TuneModel } from '../../../nodes/TuneModel/TuneModel.node';
import { ConfigError, compileModel } from '../../../src';
import { compileRouting } from '../../../src/routing/route';
import { compileLadder } from '../../../src/stages';
import { runNodeError } from '../../helpers/runNode';

/**
 * No error names a rule, stage or rep by an internal index alone (issue 12): in JSON a path is fine when the label
 * goes with it (`fitRules[0] ("Senior title").when.value`); a builder speaks its panel's words ('fit rule 2 "Senior
 * title": Value', 'Total Floor').
 */

/** An index into a list of rules, stages, reps or groups that starts a path without the label that names it. */
const BARE_INDEX = /(?<![\w.\])])(?:fitRules|engagementRules|groups|grades|engagementLevels|stages|rules|reps|when|all|any)\[\d+\](?! \()/;

/** Every message of a ConfigError the function throws: the title and each issue as "place: problem". */
function coreMessages(compile: () => unknown): string[] {
	try {
		compile();
	} catch (error) {
		expect(error).toBeInstanceOf(ConfigError);
		return [(error as ConfigError).message, ...(error as ConfigError).issues.map((i) => `${i.path}: ${i.message}`)];
	}
	throw new Error('expected a ConfigError');
}

const fit = (label: string, when: object, points: unknown = 10) => ({ label, points, when });

describe('JSON models, ladders and routing settings: every rule, stage and rep named by its label', () => {
	// zod checks a rule's relations (ids, teams, order) only once every value has its type: two passes each.
	const cases: Array<[string, () => unknown, string[]]> = [
		[
			'a model: values',
			() =>
				compileModel({
					name: 'bad',
					fitRules: [
						fit('Senior title', { field: 'jobTitle', operator: 'contains', value: 'vp' }),
						fit('Big company', { field: 'company.employees', operator: 'greaterThan', value: 'abc' }),
						fit('', { all: [{ field: 'a', operator: 'isEmpty' }, { field: '__proto__.b', operator: 'isEmpty' }] }),
					],
					engagementRules: [{ label: 'Pricing page', points: 5, eventType: 'page_view', where: { field: 'url', operator: 'matches', value: '(a' } }],
				}),
			[
				'fitRules[1] ("Big company").when.value: operator "greaterThan" needs a number',
				'fitRules[2] (no name).label: Too small: expected string to have >=1 characters',
				'fitRules[2] (no name).when.all[1].field: field path "__proto__.b" uses the reserved name "__proto__"',
				'engagementRules[0] ("Pricing page").where.value: unclosed group "(" at position 0 of the pattern',
			],
		],
		[
			'a model: relations',
			() =>
				compileModel({
					name: 'bad',
					groups: [{ name: 'fit', kind: 'engagement' }],
					fitRules: [{ id: 'x', ...fit('Dup A', { field: 'a', operator: 'isEmpty' }) }, { id: 'x', ...fit('Dup B', { field: 'a', operator: 'isEmpty' }), group: 'nope' }],
					grades: [{ grade: 'A', minFit: 10 }, { grade: 'B', minFit: 20 }],
				}),
			[
				'fitRules[1] ("Dup B").group: unknown group "nope"; declare it in groups',
				'fitRules[1] ("Dup B").id: duplicate rule id "x" (also the id of rule "Dup A")',
				'grades[1] ("B"): thresholds must be listed from highest to lowest',
			],
		],
		[
			'a model: a built-in group of the other kind',
			() => compileModel({ name: 'bad', groups: [{ name: 'fit', kind: 'engagement' }] }),
			['groups[0] ("fit").kind: the built-in group "fit" is of kind fit'],
		],
		[
			'a ladder: values',
			() => compileLadder({ stages: [{ name: 'Cold' }, { name: 'MQL', minTotal: 50, when: { field: 'demo', operator: 'lessThan', value: 'soon' } }] }),
			['stages[1] ("MQL").when.value: operator "lessThan" needs a number'],
		],
		[
			'a ladder: relations',
			() => compileLadder({ stages: [{ name: 'Cold', minTotal: 0 }, { name: 'MQL', minTotal: 50 }, { name: 'mql', minTotal: 40 }] }),
			[
				'stages[0] ("Cold").minTotal: the first stage is the floor every lead falls back to; it takes no entry or exit conditions',
				'stages[2] ("mql").name: "mql" is already the name of an earlier stage ("MQL")',
				'stages[2] ("mql").minTotal: entry 40 is not above the entry of "MQL" (50); stages are ordered lowest first',
			],
		],
		[
			'routing settings: values',
			() =>
				compileRouting({
					reps: [{ id: 'ana', name: 'Ana', team: 'DACH' }, { id: 'ben', timeZone: 'Moon/Base' }],
					rules: [{ name: 'Big', when: [{ field: 'size', operator: 'isNotEmpty' }, { field: 'size', operator: 'greaterThan', value: 'x' }], team: 'DACH' }],
				}),
			['reps[1] ("ben").timeZone: expected an IANA time zone such as "Europe/Berlin"', 'rules[0] ("Big").when[1].value: operator "greaterThan" needs a number'],
		],
		[
			'routing settings: relations',
			() =>
				compileRouting({
					reps: [{ id: 'ana', name: 'Ana', team: 'DACH' }, { id: 'ana' }],
					rules: [{ when: [{ field: 'country', operator: 'equals', value: 'US' }], team: 'Ghosts' }],
				}),
			['reps[1] ("ana").id: duplicate rep id "ana"'],
		],
		[
			'routing settings: a team without reps',
			() => compileRouting({ reps: [{ id: 'ana', name: 'Ana', team: 'DACH' }], rules: [{ when: [{ field: 'country', operator: 'equals', value: 'US' }], team: 'Ghosts' }] }),
			['rules[0] (no name).team: no rep is in team "Ghosts"'],
		],
	];

	it.each(cases)('%s', (_what, compile, expected) => {
		const messages = coreMessages(compile);
		expect(messages.slice(1).filter((m) => expected.includes(m))).toEqual(expected);
		for (const message of messages) expect(message).not.toMatch(BARE_INDEX);
	});

	it('keeps a message short for a model of 2,000 bad rules with long labels', () => {
		const rules = Array.from({ length: 2000 }, (_, i) => fit(`${'Rule with a very long label '.repeat(7)}${i}`, { field: 'a', operator: 'greaterThan', value: 'x' }));
		const [message] = coreMessages(() => compileModel({ name: 'many', fitRules: rules }));
		expect(message).toMatch(/^Invalid scoring model: fitRules\[0\] \("Rule with a very long label Rule with a\.\.\."\)\.when\.value: operator "greaterThan" needs a number; /);
		expect(message).toMatch(/; and 1990 more$/);
		expect(message.length).toBeLessThan(1500);
	});
});

describe('the builders: every rule, stage, rep and setting named as the panel shows it', () => {
	const asOf = '2026-11-24T10:00:00Z';
	const cases: Array<[string, new () => INodeType, INodeParameters, string]> = [
		[
			'a fit rule value that is not a number',
			ScoreLead,
			{
				modelSource: 'ui',
				fitRules: {
					rule: [
						{ label: 'Work email', field: 'email', operator: 'isCompanyEmail', points: 5 },
						{ label: 'Senior title', field: 'seniority', operator: 'greaterThan', value: 'abc', points: 10 },
					],
				},
			},
			'Invalid scoring rules: fit rule 2 "Senior title": Value: expected a number, got "abc"',
		],
		[
			'a pattern that cannot compile, an unsafe field, floor above ceiling',
			ScoreLead,
			{
				modelSource: 'ui',
				// (An empty Label never gets here: n8n refuses to run a node whose required parameter is empty.)
				fitRules: { rule: [{ label: 'Anything', field: '__proto__.x', operator: 'isNotEmpty', points: 5 }] },
				engagementRules: { rule: [{ label: 'Pricing page', eventType: 'page_view', propertyField: 'url', propertyOperator: 'matches', propertyValue: '(a', points: 5 }] },
				settings: { totalFloor: 200, totalCeiling: 100 },
			},
			'Invalid scoring model (3 problems)\n' +
				'fit rule 1 "Anything": Field: field path "__proto__.x" uses the reserved name "__proto__"\n' +
				'engagement rule 1 "Pricing page": Property Value: unclosed group "(" at position 0 of the pattern\n' +
				'Total Floor: floor must not be above ceiling',
		],
		[
			'stages out of order, a duplicate name, a condition value that is not a number',
			ClassifyStage,
			{
				ladderSource: 'ui',
				floorStage: ' ',
				stages: {
					stage: [
						{ name: 'MQL', minTotal: 50 },
						{ name: 'mql', minTotal: 40 },
						{ name: 'SQL', minTotal: 75, conditions: { whenField: 'employees', whenOperator: 'greaterThan', whenValue: 'many' } },
					],
				},
			},
			'Invalid stage ladder: stage 3 "SQL": Field Condition: Value: expected a number, got "many"',
		],
		[
			'stages out of order and a duplicate name',
			ClassifyStage,
			{ ladderSource: 'ui', floorStage: ' ', stages: { stage: [{ name: 'MQL', minTotal: 50 }, { name: 'mql', minTotal: 40 }] } },
			'Invalid stage ladder (3 problems)\n' +
				'Lowest Stage: stage name is empty\n' +
				'stage 2 "mql": Name: "mql" is already the name of an earlier stage ("MQL")\n' +
				'stage 2 "mql": Entry Total: entry 40 is not above the entry of "MQL" (50); stages are ordered lowest first',
		],
		[
			'a routing rule value that is not a number',
			RouteToSales,
			{ reps: { rep: [{ id: 'ana', name: 'Ana', team: 'DACH' }] }, routingRules: { rule: [{ name: 'Big', field: 'size', operator: 'greaterThan', value: 'x', team: 'DACH' }] } },
			'Invalid routing settings: routing rule 1 "Big": Value: expected a number, got "x"',
		],
		[
			'a team without reps, a bad time zone, a default team without reps, bad thresholds',
			RouteToSales,
			{
				reps: { rep: [{ id: 'ana', name: 'Ana', team: 'DACH' }, { id: 'b7', team: 'DACH', timeZone: 'Moon/Base' }] },
				routingRules: { rule: [{ field: 'country', operator: 'equals', value: 'US', team: 'Ghosts' }] },
				defaultTeam: 'Nobody',
				options: { priorityThresholds: '80, 90, 20' },
			},
			'Invalid routing settings (4 problems)\n' +
				'rep 2 "b7": Time Zone: expected an IANA time zone such as "Europe/Berlin"\n' +
				'Priority Score Thresholds: thresholds must go from P1 down to P3\n' +
				'routing rule 1: Team: no rep is in team "Ghosts"\n' +
				'Default Team: no rep is in team "Nobody"',
		],
	];

	it.each(cases)('%s', async (_what, node, parameters, expected) => {
		const error = await runNodeError(node, { parameters: { ...parameters, options: { asOf, ...(parameters.options as object) } }, items: [{ email: 'a@b.io' }] });
		const [title, ...lines] = expected.split('\n');
		expect(error.message).toBe(title);
		expect((error as { description?: string }).description ?? '').toBe(lines.join('\n'));
		// The builders name nothing by an index at all.
		expect(`${error.message}\n${(error as { description?: string }).description ?? ''}`).not.toMatch(/\[\d+\]/);
	});
});

/** The description hints the editor shows for these parameters before a run, evaluated as n8n's editor does. */
function hintsBeforeRun(nodeClass: new () => INodeType, parameters: INodeParameters): string[] {
	const nodeType = new nodeClass();
	const { description } = nodeType;
	const node: INode = {
		id: 'n',
		name: description.displayName,
		type: `test.${description.name}`,
		typeVersion: 1,
		position: [0, 0],
		parameters: NodeHelpers.getNodeParameters(description.properties, parameters, true, false, { typeVersion: 1 } as INode, description) ?? {},
	};
	const nodeTypes: INodeTypes = { getByName: () => nodeType, getByNameAndVersion: () => nodeType, getKnownTypes: () => ({}) };
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes });
	// n8n-editor-ui 2.41.1 (useNodeHelpers getNodeHints): getSimpleParameterValue(node, displayCondition, 'internal', {}).
	return (description.hints ?? [])
		.filter((hint) => hint.whenToDisplay === 'beforeExecution' && workflow.expression.getSimpleParameterValue(node, hint.displayCondition ?? '', 'internal', {}) === true)
		.map((hint) => hint.message);
}

describe('before a run: the panel warns of a number operator without a number (n8n description hints)', () => {
	const warning = [
		'A rule or condition with a number operator (Is Greater Than, Is Less Than...) has a Value that is not a number: the node will stop before any lead, naming it.',
	];
	const fitRule = (value: string) => ({ modelSource: 'ui', fitRules: { rule: [{ label: 'Size', field: 'size', operator: 'greaterThan', value, points: 5 }] } });

	it.each([
		['Score Lead, a fit rule', ScoreLead, fitRule('abc'), warning],
		['Score Lead, an empty value', ScoreLead, fitRule(' '), warning],
		['Score Lead, a number', ScoreLead, fitRule(' 50 '), []],
		['Score Lead, an expression (known only per lead)', ScoreLead, fitRule('={{ $json.min }}'), []],
		['Score Lead, text operators take text', ScoreLead, { modelSource: 'ui', fitRules: { rule: [{ label: 'T', field: 't', operator: 'contains', value: 'vp', points: 5 }] } }, []],
		[
			'Score Lead, an engagement rule',
			ScoreLead,
			{ modelSource: 'ui', engagementRules: { rule: [{ label: 'Long read', eventType: 'page_view', propertyField: 'seconds', propertyOperator: 'greaterOrEqual', propertyValue: 'long' }] } },
			warning,
		],
		['Score Lead, a preset', ScoreLead, { modelSource: 'preset' }, []],
		[
			'Classify Stage, a stage condition',
			ClassifyStage,
			{ ladderSource: 'ui', stages: { stage: [{ name: 'SQL', minTotal: 75, conditions: { whenField: 'employees', whenOperator: 'lessThan', whenValue: 'many' } }] } },
			warning,
		],
		['Classify Stage, the default ladder', ClassifyStage, {}, []],
		['Route to Sales, a routing rule', RouteToSales, { routingRules: { rule: [{ field: 'size', operator: 'lessOrEqual', value: 'x', team: 'A' }] } }, warning],
		['Route to Sales, no rules', RouteToSales, {}, []],
		['Tune Model, a fit rule', TuneModel, fitRule('ten'), warning],
		['Tune Model, the defaults', TuneModel, {}, []],
	] as Array<[string, new () => INodeType, INodeParameters, string[]]>)('%s', (_what, node, parameters, expected) => {
		expect(hintsBeforeRun(node, parameters)).toEqual(expected);
	});
});
