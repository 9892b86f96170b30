/**
 * EventBridge cron: validation messages, and firings computed by hand from the calendar
 * (2026-01-01 is a Thursday) and the time-zone rules, never read back from the library.
 */
import { InvalidScheduleError, latestFiring, nextFirings, utcOffsetMinutes, validateAwsCron, validateTimeZone } from '../../../functions/policy/cron';

const iso = (dates: Date[]) => dates.map((date) => date.toISOString());
const next = (cron: string, timezone: string, from: string, count = 3) => iso(nextFirings(cron, timezone, new Date(from), count));
const latest = (cron: string, timezone: string, at: string) => latestFiring(cron, timezone, new Date(at))?.toISOString();

describe('validateAwsCron', () => {
  it.each([
    '0 8 ? * MON-FRI *',
    '0/15 * * * ? *',
    '*/15 * * * ? *',
    '0 18 L * ? *',
    '0 9 LW * ? *',
    '0 9 15W * ? *',
    '0 10 ? * 2#1 *',
    '0 10 ? * MON#1 *',
    '0 10 ? * 6L *',
    '0 10 ? * L *',
    '0 10 ? * 1,7 *',
    '0 0 1 JAN-MAR,DEC ? *',
    '0 0 1/5 * ? *',
    '0 0 1 1 ? 2027-2028',
    '0 0 1 1 ? 1970,2199',
    '0 0 1 1 ? 2030/2',
    '  15 10 * * ? *  ',
  ])('accepts %s', (expr) => {
    expect(validateAwsCron(expr)).toBeUndefined();
  });

  it.each([
    ['0 8 * * ?', 'must have six fields: minutes hours day-of-month month day-of-week year (found 5)'],
    ['0 8 * * ? * *', 'must have six fields: minutes hours day-of-month month day-of-week year (found 7)'],
    ['', 'must have six fields: minutes hours day-of-month month day-of-week year (found 0)'],
    ['cron(0 8 * * ? *)', 'write the six fields without the cron( ) wrapper, e.g. 0 8 ? * MON-FRI *'],
    ['0 8 1 * MON *', 'day-of-month and day-of-week cannot both be set; one must be ?'],
    ['0 8 * * * *', 'day-of-month and day-of-week cannot both be set; one must be ?'],
    ['0 8 ? * ? *', 'day-of-month and day-of-week cannot both be ?; set one of them, e.g. * in day-of-month'],
    ['60 8 * * ? *', 'minutes "60": 60 is outside 0-59'],
    ['0 24 * * ? *', 'hours "24": 24 is outside 0-23'],
    ['0 8 0 * ? *', 'day-of-month "0": 0 is outside 1-31'],
    ['0 8 32 * ? *', 'day-of-month "32": 32 is outside 1-31'],
    ['0 8 1 13 ? *', 'month "13": 13 is outside 1-12'],
    ['0 8 ? * 0 *', 'day-of-week "0": 0 is outside 1-7'],
    ['0 8 ? * 8 *', 'day-of-week "8": 8 is outside 1-7'],
    ['0 8 ? * 2-8 *', 'day-of-week "2-8": 8 is outside 1-7'],
    ['0 8 ? * MON-FRX *', 'day-of-week "MON-FRX": unknown "FRX"; day-of-week takes 1-7 (1 = SUN) or SUN-SAT and , - * ? L #'],
    ['0 8 ? * mon *', 'day-of-week "mon": write "mon" in upper case: MON'],
    ['0 8 1 JANUARY ? *', 'month "JANUARY": unknown "JANUARY"; month takes 1-12 or JAN-DEC and , - * /'],
    ['0 8 1 * ? 1969', 'year "1969": 1969 is outside 1970-2199'],
    ['0 8 1 * ? 2199-2200', 'year "2199-2200": 2200 is outside 1970-2199'],
    ['? 8 1 * ? *', 'minutes "?": "?" is not allowed here; minutes takes 0-59 and , - * /'],
    ['0 8 1,? * ? *', 'day-of-month "1,?": ? stands alone: it means "any day" while the other day field is set'],
    ['0 8 15W * L *', 'day-of-month and day-of-week cannot both be set; one must be ?'],
    ['0 8 ? * 2W *', 'day-of-week "2W": unknown "W"; day-of-week takes 1-7 (1 = SUN) or SUN-SAT and , - * ? L #'],
    ['0 8 ? * 2/2 *', 'day-of-week "2/2": "/" is not allowed here; day-of-week takes 1-7 (1 = SUN) or SUN-SAT and , - * ? L #'],
    ['0 8 1#2 * ? *', 'day-of-month "1#2": "#" is not allowed here; day-of-month takes 1-31 and , - * ? / L W'],
    ['0 8 ? * 3#1,6#3 *', 'day-of-week "3#1,6#3": with # the field is one day and its occurrence 1-5, e.g. 3#2 (the second Tuesday)'],
    ['0 8 ? * 2#6 *', 'day-of-week "2#6": with # the field is one day and its occurrence 1-5, e.g. 3#2 (the second Tuesday)'],
    ['0 8 1-5W * ? *', 'day-of-month "1-5W": Syntax error, W is not allowed in a range.'],
    ['0 5- * * ? *', 'hours "5-": Syntax error, illegal upper range (NaN)'],
    ['0 */0 * * ? *', 'hours "*/0": Syntax error, illegal stepping: 0'],
  ])('rejects %j', (expr, message) => {
    expect(validateAwsCron(expr)).toBe(message);
  });
});

describe('validateTimeZone', () => {
  it('accepts IANA names and rejects others', () => {
    expect(validateTimeZone('Asia/Seoul')).toBeUndefined();
    expect(validateTimeZone('UTC')).toBeUndefined();
    expect(validateTimeZone('Mars/Olympus_Mons')).toBe('unknown time zone "Mars/Olympus_Mons"; use an IANA name such as Europe/Berlin or UTC');
  });
});

describe('nextFirings', () => {
  it('fires on weekdays in UTC, strictly after `from`', () => {
    // Friday 2026-01-02 08:00 is `from` itself, so the next is Monday the 5th.
    expect(next('0 8 ? * MON-FRI *', 'UTC', '2026-01-02T08:00:00Z')).toEqual([
      '2026-01-05T08:00:00.000Z',
      '2026-01-06T08:00:00.000Z',
      '2026-01-07T08:00:00.000Z',
    ]);
  });

  it('reads the fields in the schedule time zone', () => {
    // 08:00 KST (+09:00, no daylight saving) is 23:00 UTC the day before; 2026-11-30 is a Monday.
    expect(next('0 8 ? * MON-FRI *', 'Asia/Seoul', '2026-11-27T23:00:00Z')).toEqual([
      '2026-11-29T23:00:00.000Z',
      '2026-11-30T23:00:00.000Z',
      '2026-12-01T23:00:00.000Z',
    ]);
  });

  it('steps from the given start: 0/15 is every quarter hour, 5/20 is :05 :25 :45', () => {
    expect(next('0/15 * * * ? *', 'UTC', '2026-01-01T00:50:00Z')).toEqual([
      '2026-01-01T01:00:00.000Z',
      '2026-01-01T01:15:00.000Z',
      '2026-01-01T01:30:00.000Z',
    ]);
    expect(next('5/20 9 * * ? *', 'UTC', '2026-01-01T00:00:00Z', 4)).toEqual([
      '2026-01-01T09:05:00.000Z',
      '2026-01-01T09:25:00.000Z',
      '2026-01-01T09:45:00.000Z',
      '2026-01-02T09:05:00.000Z',
    ]);
  });

  describe('AWS day-of-week numbering (1 = SUN … 7 = SAT)', () => {
    it('1 is Sunday and 7 is Saturday, the same as the names', () => {
      expect(next('0 10 ? * 1 *', 'UTC', '2026-01-01T00:00:00Z', 2)).toEqual(['2026-01-04T10:00:00.000Z', '2026-01-11T10:00:00.000Z']);
      expect(next('0 10 ? * SUN *', 'UTC', '2026-01-01T00:00:00Z', 2)).toEqual(['2026-01-04T10:00:00.000Z', '2026-01-11T10:00:00.000Z']);
      expect(next('0 10 ? * 7 *', 'UTC', '2026-01-01T00:00:00Z', 2)).toEqual(['2026-01-03T10:00:00.000Z', '2026-01-10T10:00:00.000Z']);
    });

    it('2-6 is Monday to Friday', () => {
      // From Thursday 2026-01-01: Thu, Fri, then Mon 5th.
      expect(next('0 10 ? * 2-6 *', 'UTC', '2026-01-01T00:00:00Z')).toEqual([
        '2026-01-01T10:00:00.000Z',
        '2026-01-02T10:00:00.000Z',
        '2026-01-05T10:00:00.000Z',
      ]);
    });

    it('# picks the nth weekday of the month: 2#1 is the first Monday', () => {
      expect(next('0 10 ? * 2#1 *', 'UTC', '2026-01-01T00:00:00Z')).toEqual([
        '2026-01-05T10:00:00.000Z',
        '2026-02-02T10:00:00.000Z',
        '2026-03-02T10:00:00.000Z',
      ]);
    });

    it('6L is the last Friday of the month; L alone is Saturday, the last day of the week', () => {
      expect(next('0 10 ? * 6L *', 'UTC', '2026-01-01T00:00:00Z')).toEqual([
        '2026-01-30T10:00:00.000Z',
        '2026-02-27T10:00:00.000Z',
        '2026-03-27T10:00:00.000Z',
      ]);
      expect(next('0 10 ? * L *', 'UTC', '2026-01-01T00:00:00Z', 2)).toEqual(['2026-01-03T10:00:00.000Z', '2026-01-10T10:00:00.000Z']);
    });
  });

  it('L in day-of-month is the last day, leap years included', () => {
    expect(next('0 18 L * ? *', 'UTC', '2026-01-01T00:00:00Z')).toEqual([
      '2026-01-31T18:00:00.000Z',
      '2026-02-28T18:00:00.000Z',
      '2026-03-31T18:00:00.000Z',
    ]);
    expect(next('0 18 L 2 ? *', 'UTC', '2027-03-01T00:00:00Z', 1)).toEqual(['2028-02-29T18:00:00.000Z']);
  });

  it('W is the weekday nearest the day, without leaving the month', () => {
    // 15 Jan 2026 is a Thursday; 15 Feb a Sunday (→ Mon 16); 15 Aug a Saturday (→ Fri 14).
    expect(next('0 9 15W * ? *', 'UTC', '2026-01-01T00:00:00Z', 2)).toEqual(['2026-01-15T09:00:00.000Z', '2026-02-16T09:00:00.000Z']);
    expect(next('0 9 15W 8 ? *', 'UTC', '2026-01-01T00:00:00Z', 1)).toEqual(['2026-08-14T09:00:00.000Z']);
    // 1 Aug 2026 is a Saturday: the nearest weekday in August is Monday the 3rd, not Friday 31 July.
    expect(next('0 9 1W 8 ? *', 'UTC', '2026-01-01T00:00:00Z', 1)).toEqual(['2026-08-03T09:00:00.000Z']);
    // 31 May 2026 is a Sunday: Friday the 29th, not Monday 1 June.
    expect(next('0 9 31W 5 ? *', 'UTC', '2026-01-01T00:00:00Z', 1)).toEqual(['2026-05-29T09:00:00.000Z']);
  });

  it('the year field limits the firings', () => {
    expect(next('0 0 1 1 ? 2027-2028', 'UTC', '2026-06-01T00:00:00Z', 5)).toEqual(['2027-01-01T00:00:00.000Z', '2028-01-01T00:00:00.000Z']);
    expect(next('0/15 * * * ? 2030', 'UTC', '2026-06-01T00:00:00Z', 1)).toEqual(['2030-01-01T00:00:00.000Z']);
    expect(next('0 0 1 1 ? 2020', 'UTC', '2026-06-01T00:00:00Z', 5)).toEqual([]);
  });

  it('returns nothing for count 0', () => {
    expect(next('0/15 * * * ? *', 'UTC', '2026-01-01T00:00:00Z', 0)).toEqual([]);
  });

  it('throws InvalidScheduleError for an invalid expression or time zone', () => {
    expect(() => nextFirings('0 8 * * * *', 'UTC', new Date(), 1)).toThrow(InvalidScheduleError);
    expect(() => nextFirings('0 8 * * ? *', 'Nowhere/City', new Date(), 1)).toThrow('unknown time zone "Nowhere/City"');
  });

  describe('daylight saving, as EventBridge Scheduler handles it', () => {
    it('keeps 08:00 local across the spring change; its UTC time moves an hour earlier (New York, 8 March 2026)', () => {
      expect(next('0 8 * * ? *', 'America/New_York', '2026-03-07T00:00:00Z')).toEqual([
        '2026-03-07T13:00:00.000Z', // EST, -05:00
        '2026-03-08T12:00:00.000Z', // EDT, -04:00
        '2026-03-09T12:00:00.000Z',
      ]);
    });

    it('keeps 08:00 local across both changes in Berlin (29 March and 25 October 2026)', () => {
      expect(next('0 8 * * ? *', 'Europe/Berlin', '2026-03-28T00:00:00Z', 2)).toEqual(['2026-03-28T07:00:00.000Z', '2026-03-29T06:00:00.000Z']);
      expect(next('0 8 * * ? *', 'Europe/Berlin', '2026-10-24T00:00:00Z', 2)).toEqual(['2026-10-24T06:00:00.000Z', '2026-10-25T07:00:00.000Z']);
    });

    it('skips a firing at a local time the spring change removes (02:30 on 8 March in New York)', () => {
      expect(next('30 2 * * ? *', 'America/New_York', '2026-03-07T00:00:00Z')).toEqual([
        '2026-03-07T07:30:00.000Z',
        '2026-03-09T06:30:00.000Z',
        '2026-03-10T06:30:00.000Z',
      ]);
      expect(next('0/30 2 * * ? *', 'America/New_York', '2026-03-07T00:00:00Z')).toEqual([
        '2026-03-07T07:00:00.000Z',
        '2026-03-07T07:30:00.000Z',
        '2026-03-09T06:00:00.000Z',
      ]);
      // 02:30 on 29 March does not exist in Berlin either.
      expect(next('30 2 * * ? *', 'Europe/Berlin', '2026-03-28T00:00:00Z', 2)).toEqual(['2026-03-28T01:30:00.000Z', '2026-03-30T00:30:00.000Z']);
    });

    it('fires at 03:00 on the spring day, which exists: it is the instant the clocks land on', () => {
      expect(next('0 3 * * ? *', 'America/New_York', '2026-03-08T00:00:00Z', 1)).toEqual(['2026-03-08T07:00:00.000Z']);
    });

    it('fires a local time the autumn change repeats once, on its first pass (01:00-01:59 on 1 November in New York)', () => {
      expect(next('30 1 * * ? *', 'America/New_York', '2026-10-31T12:00:00Z', 2)).toEqual([
        '2026-11-01T05:30:00.000Z', // 01:30 EDT; 01:30 EST (06:30Z) does not fire again
        '2026-11-02T06:30:00.000Z',
      ]);
      expect(next('0/30 1 * * ? *', 'America/New_York', '2026-10-31T12:00:00Z', 3)).toEqual([
        '2026-11-01T05:00:00.000Z',
        '2026-11-01T05:30:00.000Z',
        '2026-11-02T06:00:00.000Z',
      ]);
    });

    it('does not fire during the second pass even when it starts there', () => {
      // 06:10Z is 01:10 EST, the second pass: 01:30 EST already fired as 01:30 EDT.
      expect(next('0/30 1 * * ? *', 'America/New_York', '2026-11-01T06:10:00Z', 1)).toEqual(['2026-11-02T06:00:00.000Z']);
    });
  });
});

describe('latestFiring', () => {
  const weekdayPeak = '0 8 ? * MON-FRI *';

  it('is the most recent firing at or before the instant', () => {
    // Tuesday 2026-12-01 09:30 KST: the latest firing is that morning's 08:00 KST.
    expect(latest(weekdayPeak, 'Asia/Seoul', '2026-12-01T00:30:00Z')).toBe('2026-11-30T23:00:00.000Z');
    // Exactly at a firing: that firing.
    expect(latest(weekdayPeak, 'Asia/Seoul', '2026-11-29T23:00:00.000Z')).toBe('2026-11-29T23:00:00.000Z');
    // A millisecond before Monday's firing: Friday's (27 November 08:00 KST).
    expect(latest(weekdayPeak, 'Asia/Seoul', '2026-11-29T22:59:59.999Z')).toBe('2026-11-26T23:00:00.000Z');
  });

  it('maps a late or retried invocation to the firing that caused it', () => {
    // Invoked 40 minutes late: still Monday 08:00 KST.
    expect(latest(weekdayPeak, 'Asia/Seoul', '2026-11-29T23:40:00Z')).toBe('2026-11-29T23:00:00.000Z');
  });

  it('ignores firings EventBridge Scheduler skips or does not repeat', () => {
    // 02:30 on 8 March does not exist in New York: the latest is 7 March.
    expect(latest('30 2 * * ? *', 'America/New_York', '2026-03-08T12:00:00Z')).toBe('2026-03-07T07:30:00.000Z');
    // 06:45Z is 01:45 EST in the repeated hour: 01:30 fired once, as 01:30 EDT (05:30Z).
    expect(latest('0/30 1 * * ? *', 'America/New_York', '2026-11-01T06:45:00Z')).toBe('2026-11-01T05:30:00.000Z');
  });

  it('looks back at most 366 days', () => {
    expect(latest('0 0 1 1 ? *', 'UTC', '2026-12-31T23:59:00Z')).toBe('2026-01-01T00:00:00.000Z');
    expect(latest('0 0 1 1 ? 2024', 'UTC', '2026-06-01T00:00:00Z')).toBeUndefined();
  });
});

describe('utcOffsetMinutes', () => {
  it('reads the offset in force at the instant', () => {
    expect(utcOffsetMinutes(new Date('2026-06-01T00:00:00Z'), 'Asia/Seoul')).toBe(540);
    expect(utcOffsetMinutes(new Date('2026-06-01T00:00:00Z'), 'America/New_York')).toBe(-240);
    expect(utcOffsetMinutes(new Date('2026-12-01T00:00:00Z'), 'America/New_York')).toBe(-300);
    expect(utcOffsetMinutes(new Date('2026-06-01T00:00:00Z'), 'Asia/Kolkata')).toBe(330);
    expect(utcOffsetMinutes(new Date('2026-06-01T00:00:00Z'), 'UTC')).toBe(0);
  });
});
