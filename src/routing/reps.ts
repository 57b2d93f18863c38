import { z } from '../zod';
import { parseInstant, requireAsOf, type Instant } from '../time';
import { finiteNumber } from '../validation';
import {
	formatLocal,
	isWithinWorkingHours,
	localTime,
	timeZoneSchema,
	WEEKDAY_NAMES,
	workingHoursSchema,
	zonedInstant,
	type WorkingHours,
} from './businessHours';

export const MAX_REPS = 1000;
const LOCAL_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?)?$/;

/** A date as given; one without a zone is resolved later, on the rep's own wall clock. */
const looseDate = z.union([z.string().max(40), finiteNumber]).refine((v) => parseInstant(v) !== undefined, {
	message: 'expected a date (ISO 8601 or epoch)',
});

const text = (max: number) => z.string().trim().max(max);

const repInputSchema = z.object({
	id: z.union([text(200).min(1), finiteNumber.transform(String)]),
	name: text(200).optional(),
	email: text(320).optional(),
	team: text(200).default(''),
	weight: finiteNumber.refine((w) => w >= 0.01 && w <= 1e6, 'must be from 0.01 to 1,000,000').default(1),
	capacity: z.number().int().min(0).max(1e9).nullable().optional(),
	openLeads: z.number().int().min(0).max(1e9).default(0),
	timeZone: timeZoneSchema.default('UTC'),
	workingHours: workingHoursSchema.optional(),
	outOfOffice: z.object({ from: looseDate.optional(), to: looseDate.optional() }).optional(),
	active: z.boolean().default(true),
});

export const repsSchema = z
	.array(repInputSchema)
	.min(1, 'add at least one rep')
	.max(MAX_REPS, `at most ${MAX_REPS} reps`)
	.superRefine((reps, ctx) => {
		const seen = new Set<string>();
		reps.forEach((rep, index) => {
			if (seen.has(rep.id)) ctx.addIssue({ code: 'custom', path: [index, 'id'], message: `duplicate rep id "${rep.id}"` });
			seen.add(rep.id);
		});
	})
	.transform((reps) => reps.map(toRep));

export interface Rep {
	id: string;
	name: string;
	email?: string;
	team: string;
	weight: number;
	/** Most open leads the rep may hold; undefined for no limit. */
	capacity?: number;
	openLeads: number;
	timeZone: string;
	workingHours?: WorkingHours;
	outOfOffice?: { from?: Instant; to?: Instant };
	active: boolean;
	/** Position in the list: the tie-breaker of every method. */
	order: number;
}

function toRep(input: z.infer<typeof repInputSchema>, order: number): Rep {
	const rep: Rep = {
		id: input.id,
		name: input.name || input.id,
		team: input.team,
		weight: input.weight,
		openLeads: input.openLeads,
		timeZone: input.timeZone,
		active: input.active,
		order,
	};
	if (input.email) rep.email = input.email;
	if (input.capacity !== null && input.capacity !== undefined) rep.capacity = input.capacity;
	if (input.workingHours) rep.workingHours = input.workingHours;
	const from = resolveDate(input.outOfOffice?.from, input.timeZone);
	const to = resolveDate(input.outOfOffice?.to, input.timeZone);
	if (from !== undefined || to !== undefined) rep.outOfOffice = { from, to };
	return rep;
}

/**
 * A date or date-time without a zone is read on the rep's own wall clock, so "back on 2026-12-01" (or the
 * editor's "2026-12-01T00:00:00") means local midnight; anything with an offset or epoch number is exact.
 */
function resolveDate(value: string | number | undefined, zone: string): Instant | undefined {
	if (value === undefined || value === '') return undefined;
	const local = typeof value === 'string' ? LOCAL_DATE_TIME.exec(value.trim()) : null;
	if (!local) return parseInstant(value);
	const [, year, month, day, hour = '0', minute = '0', second = '0'] = local;
	return zonedInstant(Number(year), Number(month), Number(day), Number(hour) * 60 + Number(minute), zone) + Number(second) * 1000;
}

export type SkipReason = 'inactive' | 'outOfOffice' | 'overCapacity' | 'outsideWorkingHours';

export interface Skip {
	repId: string;
	reason: SkipReason;
	/** In words, for the output: "skipped Ana: out of office until 2026-12-01". */
	text: string;
}

export interface AvailabilityOptions {
	respectWorkingHours: boolean;
	/** Leads already given to each rep in this run, on top of its openLeads. */
	assignedSinceRead?: ReadonlyMap<string, number>;
}

export function openLeadsNow(rep: Rep, assignedSinceRead?: ReadonlyMap<string, number>): number {
	return rep.openLeads + (assignedSinceRead?.get(rep.id) ?? 0);
}

/** Why a rep cannot take a lead at `asOf`, or undefined when they can. Checked in the order of the reasons. */
export function unavailability(rep: Rep, asOfInput: Instant, options: AvailabilityOptions): Skip | undefined {
	const asOf = requireAsOf(asOfInput);
	const skip = (reason: SkipReason, detail: string): Skip => ({
		repId: rep.id,
		reason,
		text: `skipped ${rep.name}: ${detail}`,
	});
	if (!rep.active) return skip('inactive', 'inactive');
	const away = rep.outOfOffice;
	if (away && (away.from === undefined || asOf >= away.from) && (away.to === undefined || asOf < away.to)) {
		return skip('outOfOffice', away.to === undefined ? 'out of office' : `out of office until ${formatLocal(away.to, rep.timeZone)}`);
	}
	const open = openLeadsNow(rep, options.assignedSinceRead);
	if (rep.capacity !== undefined && open >= rep.capacity) {
		return skip('overCapacity', `at capacity (${open} of ${rep.capacity} open leads)`);
	}
	if (options.respectWorkingHours && rep.workingHours && !isWithinWorkingHours(asOf, rep.workingHours, rep.timeZone)) {
		const t = localTime(asOf, rep.timeZone);
		const clock = `${String(t.hour).padStart(2, '0')}:${String(t.minute).padStart(2, '0')}`;
		return skip('outsideWorkingHours', `outside working hours (${WEEKDAY_NAMES[t.weekday]} ${clock} in ${rep.timeZone})`);
	}
	return undefined;
}
