import { BackupSchedule } from './backup-schedule';

/** A rule's schedule and its start window, as AWS Backup sees them when it looks for overlaps. */
export interface ScheduledWindow {
  readonly schedule: BackupSchedule;
  /** Length of the start window, in minutes. */
  readonly startWindowMinutes: number;
}

const MINUTES_PER_DAY = 1440;
const MS_PER_DAY = 86_400_000;

/**
 * The 28-year cycle 2001-01-01 … 2028-12-31. Between 1901 and 2099 every year is a leap year exactly
 * when it is divisible by 4, so weekdays and leap days repeat every 28 years: every combination of
 * weekday, day of month and month that can occur in that span occurs in this one. Searching it is
 * therefore exhaustive for the schedules BackupSchedule can express (hours, daily, weekly,
 * monthly on days 1–28, yearly).
 */
const CYCLE_START = Date.UTC(2001, 0, 1);
const CYCLE_DAYS = Math.round((Date.UTC(2029, 0, 1) - CYCLE_START) / MS_PER_DAY);

/**
 * The first moment (in the cycle above) at which the start windows of `a` and `b` overlap, or
 * undefined when they never do.
 *
 * AWS Backup, when two rules of one plan have overlapping start windows, takes one backup, for the
 * rule with the longer retention, and counts the whole start window, not only the scheduled minute
 * (AWS Backup developer guide, "Backup plan options and configuration").
 *
 * Model: a rule that runs on day D at minute m (after midnight UTC) has the window
 * [1440·D + m, 1440·D + m + w). Windows [x, x + wx) and [y, y + wy) overlap iff x < y + wy and
 * y < x + wx. Writing y = x + 1440·δ + (mb − ma) for the day offset δ between the two runs gives
 * ma − mb − wb < 1440·δ < ma + wa − mb: only a few δ qualify, and for each the question is whether
 * some day D runs `a` while day D + δ runs `b`. Windows may span midnight (δ ≠ 0).
 */
export function firstOverlap(a: ScheduledWindow, b: ScheduledWindow): Date | undefined {
  for (const ma of a.schedule._startMinutesOfDay()) {
    for (const mb of b.schedule._startMinutesOfDay()) {
      const lowest = Math.floor((ma - mb - b.startWindowMinutes) / MINUTES_PER_DAY) + 1;
      const highest = Math.ceil((ma + a.startWindowMinutes - mb) / MINUTES_PER_DAY) - 1;
      for (let delta = lowest; delta <= highest; delta++) {
        const lag = MINUTES_PER_DAY * delta + mb - ma;
        if (!(lag < a.startWindowMinutes && -lag < b.startWindowMinutes)) continue;
        const day = firstDayRunningBoth(a.schedule, b.schedule, delta);
        if (day !== undefined) return new Date(CYCLE_START + day * MS_PER_DAY + Math.max(ma, ma + lag) * 60_000);
      }
    }
  }
  return undefined;
}

function firstDayRunningBoth(a: BackupSchedule, b: BackupSchedule, delta: number): number | undefined {
  if (a._runsDaily && b._runsDaily) return Math.max(0, -delta);
  for (let day = Math.max(0, -delta); day < CYCLE_DAYS - Math.max(0, delta); day++) {
    if (a._runsOn(new Date(CYCLE_START + day * MS_PER_DAY)) && b._runsOn(new Date(CYCLE_START + (day + delta) * MS_PER_DAY))) return day;
  }
  return undefined;
}
