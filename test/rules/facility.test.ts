import { cityByCode } from '../../cloudfunctions/core/policies';
import {
  type Candidate,
  type FacilityState,
  apply,
  decide,
  emptyState,
  nextOpening,
  settle,
  withdraw,
} from '../../cloudfunctions/core/rules/facility';

const beijing = cityByCode('110000')!.facility!;
const zhongshan = cityByCode('442000')!.facility!;
const at = (iso: string) => new Date(iso);
const hospital = (n: number, type: Candidate['type'] = 'general', cityCode = '110000'): Candidate => ({
  code: `H${n}`,
  name: `示例医院${n}`,
  type,
  cityCode,
});
const station = (n: number, type: Candidate['type'] = 'communityStation'): Candidate => ({
  code: `S${n}`,
  name: `示例社区站${n}`,
  type,
  cityCode: '442000',
});

function withSelections(policy = beijing, count: number, now = at('2026-11-10T10:00:00+08:00')): FacilityState {
  let state = emptyState(policy);
  for (let i = 1; i <= count; i += 1) {
    const d = decide(policy, '110000', state, 'select', hospital(i), now);
    state = apply(policy, state, d, hospital(i), `d${i}`, now);
  }
  return settle(state, at('2026-11-20T10:00:00+08:00'));
}

// The rules must not depend on the host's time zone: jest runs in America/Los_Angeles (test/helpers/
// otherTimeZone.cjs; setting process.env.TZ inside a test changes nothing).
describe("on a host whose time zone is not Beijing's", () => {
  it('runs where the wall clock is not UTC+8', () => {
    expect(new Date(Date.parse('2026-11-10T10:00:00+08:00')).getTimezoneOffset()).not.toBe(-480);
  });

  describe('北京: the online window, 4th to month end, 06:00–22:00', () => {
    const change = (now: string) =>
      decide(beijing, '110000', withSelections(beijing, 1), 'change', hospital(9), at(now), 1);

    it('refuses on the 3rd at 23:59 with the 4th 06:00 as the next opening', () => {
      const d = change('2026-11-03T23:59:00+08:00');
      expect(d.allowed).toBe(false);
      expect(d.reasons.map((r) => r.code)).toEqual(['OUTSIDE_CHANGE_WINDOW']);
      expect(d.nextPossibleAt).toBe('2026-11-04T06:00:00+08:00');
    });
    it('allows the 4th at 06:00, effective the next day', () => {
      expect(change('2026-11-04T06:00:00+08:00')).toMatchObject({
        allowed: true,
        effectiveFrom: '2026-11-05T00:00:00+08:00',
      });
    });
    it('allows 21:59 and refuses 22:00 exactly, next opening 06:00 the next day', () => {
      expect(change('2026-11-18T21:59:59+08:00').allowed).toBe(true);
      expect(change('2026-11-18T22:00:00+08:00')).toMatchObject({
        allowed: false,
        nextPossibleAt: '2026-11-19T06:00:00+08:00',
      });
    });
    it('refuses 05:59 with 06:00 the same day', () => {
      expect(change('2026-11-18T05:59:00+08:00').nextPossibleAt).toBe('2026-11-18T06:00:00+08:00');
    });
    it('allows the last day of a month, effective the 1st of the next', () => {
      expect(change('2026-11-30T21:00:00+08:00')).toMatchObject({
        allowed: true,
        effectiveFrom: '2026-12-01T00:00:00+08:00',
      });
      expect(change('2026-12-31T21:00:00+08:00')).toMatchObject({
        allowed: true,
        effectiveFrom: '2027-01-01T00:00:00+08:00',
      });
    });
    it('after 22:00 on the last day, next opening is the 4th of next month', () => {
      expect(change('2026-11-30T22:00:00+08:00').nextPossibleAt).toBe('2026-12-04T06:00:00+08:00');
      expect(change('2026-12-31T23:00:00+08:00').nextPossibleAt).toBe('2027-01-04T06:00:00+08:00');
    });
    it('handles February in a leap year: the 29th is the last day', () => {
      expect(change('2028-02-29T21:00:00+08:00')).toMatchObject({
        allowed: true,
        effectiveFrom: '2028-03-01T00:00:00+08:00',
      });
      expect(change('2028-02-29T22:30:00+08:00').nextPossibleAt).toBe('2028-03-04T06:00:00+08:00');
      expect(change('2027-02-28T22:30:00+08:00').nextPossibleAt).toBe('2027-03-04T06:00:00+08:00');
    });
    it('reads a UTC instant as Beijing time (2026-11-03T22:00Z is the 4th at 06:00 in Beijing)', () => {
      expect(change('2026-11-03T22:00:00Z').allowed).toBe(true);
      expect(change('2026-11-03T21:59:00Z').allowed).toBe(false);
    });
    it('nextOpening is null inside the window', () => {
      expect(nextOpening(beijing.change.window!, at('2026-11-04T06:00:00+08:00'))).toBeNull();
    });
  });

  describe('北京: four slots, no duplicates, no selection needed for some types', () => {
    const now = at('2026-11-10T10:00:00+08:00');
    it('fills four slots, then refuses with SLOTS_FULL', () => {
      const full = withSelections(beijing, 4);
      expect(decide(beijing, '110000', full, 'select', hospital(5), now).reasons[0].code).toBe('SLOTS_FULL');
    });
    it('refuses an institution already chosen', () => {
      const d = decide(beijing, '110000', withSelections(beijing, 2), 'change', hospital(2), now, 1);
      expect(d.reasons.map((r) => r.code)).toEqual(['ALREADY_SELECTED']);
    });
    it.each(['classA', 'tcm', 'specialist', 'communityCentre', 'communityStation'] as const)(
      '%s needs no selection',
      (type) => {
        const d = decide(beijing, '110000', emptyState(beijing), 'select', hospital(7, type), now);
        expect(d.reasons).toEqual([{ code: 'NOT_SELECTABLE', message: '这类机构无需选择，可直接就医。' }]);
      },
    );
    it('refuses an institution of another city', () => {
      expect(
        decide(beijing, '110000', emptyState(beijing), 'select', hospital(8, 'general', '442000'), now).reasons[0].code,
      ).toBe('NOT_SELECTABLE');
    });
    it('shows the old hospital on the day of a change, the new one the next day', () => {
      const before = withSelections(beijing, 1);
      const d = decide(beijing, '110000', before, 'change', hospital(9), now, 1);
      const after = apply(beijing, before, d, hospital(9), 'dx', now);
      expect(settle(after, at('2026-11-10T23:59:59+08:00')).slots[0].current!.code).toBe('H1');
      expect(settle(after, at('2026-11-11T00:00:00+08:00')).slots[0].current!.code).toBe('H9');
    });
  });

  describe('中山: first selection now, a change next month, one change a month', () => {
    const first = (now: string) => {
      const d = decide(zhongshan, '442000', emptyState(zhongshan), 'select', station(1), at(now));
      return { d, state: apply(zhongshan, emptyState(zhongshan), d, station(1), 'f1', at(now)) };
    };
    it('takes effect immediately the first time', () => {
      const { d, state } = first('2026-11-10T10:00:00+08:00');
      expect(d).toMatchObject({ allowed: true, kind: 'first', effectiveFrom: '2026-11-10T10:00:00+08:00' });
      expect(settle(state, at('2026-11-10T10:00:00+08:00')).slots[0].current!.code).toBe('S1');
    });
    it('any time of day: there is no window', () => {
      expect(first('2026-11-01T03:00:00+08:00').d.allowed).toBe(true);
    });
    it('a change on Jan 31 takes effect Feb 1; in December, Jan 1 of the next year', () => {
      const jan = first('2027-01-05T10:00:00+08:00').state;
      expect(
        decide(zhongshan, '442000', jan, 'change', station(2), at('2027-01-31T23:00:00+08:00'), 1).effectiveFrom,
      ).toBe('2027-02-01T00:00:00+08:00');
      const dec = first('2026-12-01T10:00:00+08:00').state;
      expect(
        decide(zhongshan, '442000', dec, 'change', station(2), at('2026-12-15T10:00:00+08:00'), 1).effectiveFrom,
      ).toBe('2027-01-01T00:00:00+08:00');
    });
    it('refuses a second change in one month, allowed again on the 1st', () => {
      const { state } = first('2026-11-02T10:00:00+08:00');
      const now = at('2026-11-20T10:00:00+08:00');
      const d1 = decide(zhongshan, '442000', state, 'change', station(2), now, 1);
      const changed = apply(zhongshan, state, d1, station(2), 'c1', now);
      // The pending change can't be stacked, and once it is in force the month's change is still used.
      expect(
        decide(zhongshan, '442000', changed, 'change', station(3), at('2026-11-25T10:00:00+08:00'), 1).reasons.map(
          (r) => r.code,
        ),
      ).toEqual(['CHANGE_PENDING', 'MONTHLY_CHANGE_USED']);
      const d2 = decide(zhongshan, '442000', changed, 'change', station(3), at('2026-11-30T23:59:59+08:00'), 1);
      expect(d2.nextPossibleAt).toBe('2026-12-01T00:00:00+08:00');
      const dec1 = decide(zhongshan, '442000', changed, 'change', station(3), at('2026-12-01T00:00:00+08:00'), 1);
      expect(dec1).toMatchObject({ allowed: true, effectiveFrom: '2027-01-01T00:00:00+08:00' });
    });
    it('withdrawing a pending change does not give the month back (policy field)', () => {
      const { state } = first('2026-11-02T10:00:00+08:00');
      const now = at('2026-11-20T10:00:00+08:00');
      const changed = apply(
        zhongshan,
        state,
        decide(zhongshan, '442000', state, 'change', station(2), now, 1),
        station(2),
        'c1',
        now,
      );
      const w = withdraw(zhongshan, changed, 'c1', now)!;
      expect(w.withdrawn.code).toBe('S2');
      expect(w.state.slots[0]).toMatchObject({ current: { code: 'S1' }, pending: null });
      expect(decide(zhongshan, '442000', w.state, 'change', station(3), now, 1).reasons.map((r) => r.code)).toEqual([
        'MONTHLY_CHANGE_USED',
      ]);
      const generous = { ...zhongshan, change: { ...zhongshan.change, withdrawRestores: true } };
      const w2 = withdraw(generous, changed, 'c1', now)!;
      expect(decide(generous, '442000', w2.state, 'change', station(3), now, 1).allowed).toBe(true);
    });
    it('refuses a town hospital as the community selection (it is covered, not chosen)', () => {
      expect(
        decide(
          zhongshan,
          '442000',
          emptyState(zhongshan),
          'select',
          station(4, 'townHospital'),
          at('2026-11-10T10:00:00+08:00'),
        ).reasons[0].code,
      ).toBe('NOT_SELECTABLE');
    });
    it('cannot withdraw what is already in force', () => {
      const { state } = first('2026-11-02T10:00:00+08:00');
      expect(withdraw(zhongshan, state, 'f1', at('2026-11-03T10:00:00+08:00'))).toBeNull();
    });
  });
});
