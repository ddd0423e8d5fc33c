import { Duration } from 'aws-cdk-lib';
import { invalid, ValidationScope } from '../core';
import { requireIntegerInRange } from '../core/validate';

/** Day of the week for weekly schedules. */
export enum WeekDay {
  SUNDAY = 'SUN',
  MONDAY = 'MON',
  TUESDAY = 'TUE',
  WEDNESDAY = 'WED',
  THURSDAY = 'THU',
  FRIDAY = 'FRI',
  SATURDAY = 'SAT',
}

const WEEKDAY_NUMBER: Record<WeekDay, number> = {
  [WeekDay.SUNDAY]: 0,
  [WeekDay.MONDAY]: 1,
  [WeekDay.TUESDAY]: 2,
  [WeekDay.WEDNESDAY]: 3,
  [WeekDay.THURSDAY]: 4,
  [WeekDay.FRIDAY]: 5,
  [WeekDay.SATURDAY]: 6,
};

/** Hour counts that divide a day evenly, so an every-N-hours schedule keeps the same gap across midnight. */
const HOUR_STEPS = [1, 2, 3, 4, 6, 8, 12];

/** A time of day in UTC. */
export interface TimeOfDay {
  /** Hour, 0–23, UTC. */
  readonly hour: number;
  /**
   * Minute, 0–59.
   * @default 0
   */
  readonly minute?: number;
}

type Kind = 'hours' | 'daily' | 'weekly' | 'monthly' | 'yearly';

/**
 * When a backup rule runs, always in UTC. Renders both the AWS Backup cron expression and the
 * five-field cron Velero uses, so both halves of a tier run at the same moments.
 */
export class BackupSchedule {
  /** Every `hours` hours (1, 2, 3, 4, 6, 8 or 12), starting at `minute` past midnight UTC. */
  public static everyHours(hours: number, minute = 0): BackupSchedule {
    return new BackupSchedule('hours', { hours, minute });
  }

  /** Once a day at the given UTC time. */
  public static daily(at: TimeOfDay): BackupSchedule {
    return new BackupSchedule('daily', { hour: at.hour, minute: at.minute ?? 0 });
  }

  /** Once a week on `weekDay` at the given UTC time. */
  public static weekly(weekDay: WeekDay, at: TimeOfDay): BackupSchedule {
    return new BackupSchedule('weekly', { hour: at.hour, minute: at.minute ?? 0, weekDay });
  }

  /** Once a month on `dayOfMonth` (1–28, so every month has it) at the given UTC time. */
  public static monthly(dayOfMonth: number, at: TimeOfDay): BackupSchedule {
    return new BackupSchedule('monthly', { hour: at.hour, minute: at.minute ?? 0, dayOfMonth });
  }

  /** Once a year on `month` (1–12) and `dayOfMonth` (1–28) at the given UTC time. */
  public static yearly(month: number, dayOfMonth: number, at: TimeOfDay): BackupSchedule {
    return new BackupSchedule('yearly', { hour: at.hour, minute: at.minute ?? 0, dayOfMonth, month });
  }

  private constructor(
    private readonly kind: Kind,
    private readonly parts: {
      readonly hours?: number;
      readonly hour?: number;
      readonly minute: number;
      readonly weekDay?: WeekDay;
      readonly dayOfMonth?: number;
      readonly month?: number;
    },
  ) {}

  /** The longest gap between two runs: what this schedule alone can promise as a recovery point objective. */
  public get interval(): Duration {
    switch (this.kind) {
      case 'hours':
        return Duration.hours(this.parts.hours!);
      case 'daily':
        return Duration.days(1);
      case 'weekly':
        return Duration.days(7);
      case 'monthly':
        return Duration.days(31);
      case 'yearly':
        return Duration.days(366);
    }
  }

  /** AWS Backup's six-field cron, e.g. `cron(0 3 * * ? *)`. */
  public get awsCronExpression(): string {
    const { minute, hour, hours, weekDay, dayOfMonth, month } = this.parts;
    switch (this.kind) {
      case 'hours':
        return `cron(${minute} ${hours === 1 ? '*' : `0/${hours}`} * * ? *)`;
      case 'daily':
        return `cron(${minute} ${hour} * * ? *)`;
      case 'weekly':
        return `cron(${minute} ${hour} ? * ${weekDay} *)`;
      case 'monthly':
        return `cron(${minute} ${hour} ${dayOfMonth} * ? *)`;
      case 'yearly':
        return `cron(${minute} ${hour} ${dayOfMonth} ${month} ? *)`;
    }
  }

  /** Standard five-field cron as Velero's `Schedule.spec.schedule` takes it, e.g. `0 3 * * *`. */
  public get kubernetesCronExpression(): string {
    const { minute, hour, hours, weekDay, dayOfMonth, month } = this.parts;
    switch (this.kind) {
      case 'hours':
        return `${minute} ${hours === 1 ? '*' : `*/${hours}`} * * *`;
      case 'daily':
        return `${minute} ${hour} * * *`;
      case 'weekly':
        return `${minute} ${hour} * * ${WEEKDAY_NUMBER[weekDay!]}`;
      case 'monthly':
        return `${minute} ${hour} ${dayOfMonth} * *`;
      case 'yearly':
        return `${minute} ${hour} ${dayOfMonth} ${month} *`;
    }
  }

  /** Checks every part of the schedule, naming `prop` (the schedule's place in the props) on failure. */
  public validate(scope: ValidationScope, prop: string): void {
    const { minute, hour, hours, dayOfMonth, month } = this.parts;
    requireIntegerInRange(scope, `${prop}.minute`, minute, 0, 59);
    if (this.kind === 'hours') {
      if (!HOUR_STEPS.includes(hours!)) {
        invalid(scope, `${prop}.hours`, hours, `one of ${HOUR_STEPS.join(', ')} (a divisor of 24, so the gap is the same across midnight)`);
      }
      return;
    }
    requireIntegerInRange(scope, `${prop}.hour`, hour!, 0, 23);
    if (dayOfMonth !== undefined) requireIntegerInRange(scope, `${prop}.dayOfMonth`, dayOfMonth, 1, 28);
    if (month !== undefined) requireIntegerInRange(scope, `${prop}.month`, month, 1, 12);
  }

  /**
   * Minutes after midnight UTC at which the schedule starts on a day it runs.
   * @internal
   */
  public _startMinutesOfDay(): number[] {
    const { minute, hour, hours } = this.parts;
    if (this.kind === 'hours') {
      return Array.from({ length: Math.floor(24 / hours!) }, (_, i) => i * hours! * 60 + minute);
    }
    return [hour! * 60 + minute];
  }

  /**
   * Whether the schedule runs on the UTC calendar day of `date`.
   * @internal
   */
  public _runsOn(date: Date): boolean {
    const { weekDay, dayOfMonth, month } = this.parts;
    switch (this.kind) {
      case 'hours':
      case 'daily':
        return true;
      case 'weekly':
        return date.getUTCDay() === WEEKDAY_NUMBER[weekDay!];
      case 'monthly':
        return date.getUTCDate() === dayOfMonth;
      case 'yearly':
        return date.getUTCDate() === dayOfMonth && date.getUTCMonth() + 1 === month;
    }
  }

  /**
   * Whether the schedule runs every day (so any calendar day matches).
   * @internal
   */
  public get _runsDaily(): boolean {
    return this.kind === 'hours' || this.kind === 'daily';
  }

  public toString(): string {
    return this.awsCronExpression;
  }
}
