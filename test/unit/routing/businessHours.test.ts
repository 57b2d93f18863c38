import fc from 'fast-check';
import {
	addBusinessMinutes,
	formatLocal,
	isWithinWorkingHours,
	localTime,
	zonedInstant,
	zoneOffset,
	type WorkingHours,
} from '../../../src/routing/businessHours';

const OFFICE: WorkingHours = [{ days: [1, 2, 3, 4, 5], start: '09:00', end: '18:00' }];
const iso = (ms: number) => new Date(ms).toISOString();

describe('zone arithmetic', () => {
	it('reads offsets on both sides of a daylight-saving change', () => {
		// Berlin: CET (+1 h) until 2026-03-29 01:00Z, then CEST (+2 h).
		expect(zoneOffset(Date.UTC(2026, 2, 29, 0, 59), 'Europe/Berlin')).toBe(3_600_000);
		expect(zoneOffset(Date.UTC(2026, 2, 29, 1, 0), 'Europe/Berlin')).toBe(7_200_000);
		expect(zoneOffset(Date.UTC(2026, 6, 1), 'America/New_York')).toBe(-4 * 3_600_000);
		expect(zoneOffset(Date.UTC(2026, 0, 1), 'Asia/Kolkata')).toBe(5.5 * 3_600_000);
	});

	it('turns wall-clock times into instants, moving a skipped time forward and taking a repeated one first', () => {
		expect(iso(zonedInstant(2026, 11, 20, 17 * 60 + 55, 'Europe/Berlin'))).toBe('2026-11-20T16:55:00.000Z');
		// 02:30 does not exist on 2026-03-29 in Berlin: taken with the winter offset, it is 01:30Z = 03:30 CEST.
		expect(iso(zonedInstant(2026, 3, 29, 150, 'Europe/Berlin'))).toBe('2026-03-29T01:30:00.000Z');
		// 02:30 happens twice on 2026-10-25: first at +2 h (00:30Z), then at +1 h (01:30Z).
		expect(iso(zonedInstant(2026, 10, 25, 150, 'Europe/Berlin'))).toBe('2026-10-25T00:30:00.000Z');
	});

	it('round-trips any minute of any day through the wall clock', () => {
		fc.assert(
			fc.property(
				fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2035, 0, 1) }),
				fc.constantFrom('Europe/Berlin', 'America/New_York', 'Australia/Sydney', 'Asia/Kolkata', 'UTC'),
				(raw, zone) => {
					const instant = Math.floor(raw / 60_000) * 60_000;
					const t = localTime(instant, zone);
					const back = zonedInstant(t.year, t.month, t.day, t.hour * 60 + t.minute, zone);
					// A repeated autumn hour maps back to its first occurrence, one hour earlier.
					expect([instant, instant - 3_600_000]).toContain(back);
				},
			),
		);
	});

	it('formats local dates, with the time only when it is not midnight', () => {
		expect(formatLocal(Date.UTC(2026, 10, 30, 23, 0), 'Europe/Berlin')).toBe('2026-12-01');
		expect(formatLocal(Date.UTC(2026, 10, 30, 23, 30), 'Europe/Berlin')).toBe('2026-12-01 00:30');
	});
});

describe('working hours', () => {
	it('knows whether an instant is inside the hours in the rep zone', () => {
		// Friday 2026-11-20 17:55 in Berlin is 16:55Z; in New York it is 11:55.
		expect(isWithinWorkingHours(Date.UTC(2026, 10, 20, 16, 55), OFFICE, 'Europe/Berlin')).toBe(true);
		expect(isWithinWorkingHours(Date.UTC(2026, 10, 20, 17, 0), OFFICE, 'Europe/Berlin')).toBe(false); // 18:00, end is exclusive
		expect(isWithinWorkingHours(Date.UTC(2026, 10, 20, 7, 59), OFFICE, 'Europe/Berlin')).toBe(false); // 08:59
		expect(isWithinWorkingHours(Date.UTC(2026, 10, 21, 12, 0), OFFICE, 'Europe/Berlin')).toBe(false); // Saturday
		expect(isWithinWorkingHours(Date.UTC(2026, 10, 20, 22, 0), OFFICE, 'America/New_York')).toBe(true); // 17:00 EST
	});
});

describe('addBusinessMinutes', () => {
	it('carries a Friday 17:55 lead with a 15-minute SLA to Monday 09:10 (5 minutes Friday, 10 Monday)', () => {
		const friday = zonedInstant(2026, 11, 20, 17 * 60 + 55, 'Europe/Berlin');
		expect(iso(addBusinessMinutes(friday, 15, OFFICE, 'Europe/Berlin'))).toBe('2026-11-23T08:10:00.000Z'); // 09:10 CET
	});

	it('counts in the rep zone: the same wall times in New York are 6 hours later in UTC', () => {
		const friday = zonedInstant(2026, 11, 20, 17 * 60 + 55, 'America/New_York');
		expect(iso(friday)).toBe('2026-11-20T22:55:00.000Z');
		expect(iso(addBusinessMinutes(friday, 15, OFFICE, 'America/New_York'))).toBe('2026-11-23T14:10:00.000Z'); // 09:10 EST
	});

	it('lands on the right wall time across a weekend with a daylight-saving change', () => {
		// Friday 2026-10-23 17:55 CEST (15:55Z); clocks go back on Sunday; Monday 09:10 is CET = 08:10Z, not 07:10Z.
		const berlin = zonedInstant(2026, 10, 23, 17 * 60 + 55, 'Europe/Berlin');
		expect(iso(addBusinessMinutes(berlin, 15, OFFICE, 'Europe/Berlin'))).toBe('2026-10-26T08:10:00.000Z');
		// New York springs forward on 2026-03-08: Friday 17:55 EST (22:55Z) -> Monday 09:10 EDT = 13:10Z.
		const newYork = zonedInstant(2026, 3, 6, 17 * 60 + 55, 'America/New_York');
		expect(iso(addBusinessMinutes(newYork, 15, OFFICE, 'America/New_York'))).toBe('2026-03-09T13:10:00.000Z');
	});

	it('counts real minutes through a working day that is one hour short', () => {
		const always: WorkingHours = [{ days: [1, 2, 3, 4, 5, 6, 7], start: '00:00', end: '24:00' }];
		// 2026-03-29 in Berlin runs from 23:00Z (Mar 28) to 22:00Z: 23 hours = 1380 minutes; 1440 minutes end
		// 60 minutes into Mar 30, at 23:00Z on Mar 29 (01:00 CEST): exactly 24 real hours after the start.
		const midnight = zonedInstant(2026, 3, 29, 0, 'Europe/Berlin');
		expect(iso(midnight)).toBe('2026-03-28T23:00:00.000Z');
		expect(iso(addBusinessMinutes(midnight, 1440, always, 'Europe/Berlin'))).toBe('2026-03-29T23:00:00.000Z');
	});

	it('starts a weekend lead at Monday opening and skips a lunch break', () => {
		const saturday = Date.UTC(2026, 10, 21, 10, 0);
		expect(iso(addBusinessMinutes(saturday, 30, OFFICE, 'UTC'))).toBe('2026-11-23T09:30:00.000Z');
		expect(iso(addBusinessMinutes(saturday, 0, OFFICE, 'UTC'))).toBe('2026-11-23T09:00:00.000Z');
		const split: WorkingHours = [
			{ days: [1, 2, 3, 4, 5], start: '09:00', end: '12:00' },
			{ days: [1, 2, 3, 4, 5], start: '13:00', end: '17:00' },
		];
		// Monday 11:50 + 20: 10 minutes before lunch, 10 after 13:00.
		expect(iso(addBusinessMinutes(Date.UTC(2026, 10, 23, 11, 50), 20, split, 'UTC'))).toBe('2026-11-23T13:10:00.000Z');
		// 9 hours a day: 600 minutes from Monday 09:00 end Tuesday 10:00 (540 + 60).
		expect(iso(addBusinessMinutes(Date.UTC(2026, 10, 23, 9, 0), 600, OFFICE, 'UTC'))).toBe('2026-11-24T10:00:00.000Z');
	});

	it('never returns a time outside working hours and never earlier than calendar minutes', () => {
		fc.assert(
			fc.property(
				fc.integer({ min: Date.UTC(2026, 0, 1), max: Date.UTC(2027, 0, 1) }),
				fc.integer({ min: 1, max: 3000 }),
				fc.constantFrom('Europe/Berlin', 'America/New_York', 'Australia/Sydney'),
				(start, minutes, zone) => {
					const due = addBusinessMinutes(start, minutes, OFFICE, zone);
					expect(due).toBeGreaterThanOrEqual(start + minutes * 60_000);
					// The due instant is the end of the last working minute: one ms earlier is still inside.
					expect(isWithinWorkingHours(due - 1, OFFICE, zone)).toBe(true);
				},
			),
			{ numRuns: 200 },
		);
	});
});

describe('an SLA the working hours cannot hold', () => {
	it('is a settings problem naming the SLA, not a crash', () => {
		const halfHourAWeek: WorkingHours = [{ days: [1], start: '09:00', end: '09:30' }];
		expect(() => addBusinessMinutes(Date.UTC(2026, 10, 23), 43_200, halfHourAWeek, 'UTC')).toThrow(
			"Invalid routing settings: sla.minutes: the rep's working hours hold fewer than 43200 working minutes within",
		);
	});
});
