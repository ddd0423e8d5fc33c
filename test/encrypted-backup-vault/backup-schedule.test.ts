import { Duration } from 'aws-cdk-lib';
import { BackupPolicy, BackupSchedule, WeekDay } from '../../lib/encrypted-backup-vault';
import { firstOverlap } from '../../lib/encrypted-backup-vault/schedule-overlap';

describe('BackupSchedule', () => {
  test.each([
    [BackupSchedule.everyHours(1), 'cron(0 * * * ? *)', '0 * * * *', Duration.hours(1)],
    [BackupSchedule.everyHours(6, 15), 'cron(15 0/6 * * ? *)', '15 */6 * * *', Duration.hours(6)],
    [BackupSchedule.daily({ hour: 3 }), 'cron(0 3 * * ? *)', '0 3 * * *', Duration.days(1)],
    [BackupSchedule.weekly(WeekDay.SUNDAY, { hour: 3, minute: 30 }), 'cron(30 3 ? * SUN *)', '30 3 * * 0', Duration.days(7)],
    [BackupSchedule.monthly(1, { hour: 5 }), 'cron(0 5 1 * ? *)', '0 5 1 * *', Duration.days(31)],
    [BackupSchedule.yearly(1, 1, { hour: 3 }), 'cron(0 3 1 1 ? *)', '0 3 1 1 *', Duration.days(366)],
  ])('%s renders the same moments for AWS Backup and Velero', (schedule, aws, kube, interval) => {
    expect(schedule.awsCronExpression).toBe(aws);
    expect(schedule.kubernetesCronExpression).toBe(kube);
    expect(schedule.interval.toMinutes()).toBe(interval.toMinutes());
  });
});

describe('BackupPolicy.seedTiers', () => {
  const policy = BackupPolicy.seedTiers();
  const retentionDays = (tier: string) => policy.tiers.find((t) => t.name === tier)!.rules.map((r) => r.retention.toDays());

  test('ships the seeds\' tiers with their retentions', () => {
    expect(policy.tiers.map((t) => t.name)).toEqual(['full-cluster', 'incremental', 'postgres', 'redis', 'configuration', 'compliance-archive']);
    expect(retentionDays('full-cluster')).toEqual([7, 30, 90, 365]);
    expect(retentionDays('incremental')).toEqual([1, 7]);
    expect(retentionDays('postgres')).toEqual([1, 30, 90]);
    expect(retentionDays('redis')).toEqual([7]);
    expect(retentionDays('configuration')).toEqual([30, 90]);
    expect(retentionDays('compliance-archive')).toEqual([2555]);
  });

  test('runs daily rules at 03:00 UTC so copies land between 03:00 and 04:00', () => {
    for (const tier of policy.tiers) {
      for (const rule of tier.rules.filter((r) => r.name === 'daily')) expect(rule.schedule.awsCronExpression).toBe('cron(0 3 * * ? *)');
    }
  });

  test('splits tiers between AWS Backup plans and Velero schedules', () => {
    expect(policy.awsTiers.map((t) => t.name)).toEqual(['full-cluster', 'incremental', 'postgres', 'compliance-archive']);
    expect(policy.clusterTiers.map((t) => t.name)).toEqual(['full-cluster', 'redis', 'configuration']);
  });

  test('withoutCopies turns every copy off and leaves the rest as it was', () => {
    const single = policy.withoutCopies();
    expect(single.tiers.flatMap((t) => t.rules).some((r) => r.copyToOtherRegions)).toBe(false);
    expect(single.tiers.map((t) => t.rules.length)).toEqual(policy.tiers.map((t) => t.rules.length));
    expect(policy.tiers.flatMap((t) => t.rules).some((r) => r.copyToOtherRegions)).toBe(true);
  });
});

describe('firstOverlap (AWS Backup runs one job when start windows of a plan overlap)', () => {
  const w = (schedule: BackupSchedule, hours = 1) => ({ schedule, startWindowMinutes: hours * 60 });
  const at = (d?: Date) => d?.toISOString().slice(0, 16);

  test('a daily and a weekly rule at the same time overlap on that weekday', () => {
    expect(at(firstOverlap(w(BackupSchedule.daily({ hour: 3 })), w(BackupSchedule.weekly(WeekDay.SUNDAY, { hour: 3 }))))).toBe('2001-01-07T03:00');
  });

  test('windows that only touch do not overlap, windows that share a minute do', () => {
    expect(firstOverlap(w(BackupSchedule.daily({ hour: 3 })), w(BackupSchedule.daily({ hour: 4 })))).toBeUndefined();
    expect(at(firstOverlap(w(BackupSchedule.daily({ hour: 3 }), 2), w(BackupSchedule.daily({ hour: 4, minute: 59 }))))).toBe('2001-01-01T04:59');
  });

  test('every start of an hourly rule counts', () => {
    expect(at(firstOverlap(w(BackupSchedule.everyHours(1)), w(BackupSchedule.monthly(1, { hour: 5, minute: 30 }))))).toBe('2001-01-01T05:30');
    expect(firstOverlap(w(BackupSchedule.everyHours(12)), w(BackupSchedule.daily({ hour: 6 })))).toBeUndefined();
  });

  test('a window crossing midnight overlaps the next day\'s rule, across month ends too', () => {
    // 28 February 23:30 + 2 h reaches 1 March 00:30 in a common year
    expect(at(firstOverlap(w(BackupSchedule.monthly(28, { hour: 23, minute: 30 }), 2), w(BackupSchedule.yearly(3, 1, { hour: 0 }))))).toBe('2001-03-01T00:00');
    expect(firstOverlap(w(BackupSchedule.monthly(27, { hour: 23, minute: 30 }), 2), w(BackupSchedule.yearly(3, 1, { hour: 0 })))).toBeUndefined();
  });

  test('monthly and yearly rules on different days never overlap', () => {
    expect(firstOverlap(w(BackupSchedule.monthly(15, { hour: 3 })), w(BackupSchedule.yearly(1, 1, { hour: 3 })))).toBeUndefined();
    expect(at(firstOverlap(w(BackupSchedule.monthly(1, { hour: 3 })), w(BackupSchedule.yearly(1, 1, { hour: 3 }))))).toBe('2001-01-01T03:00');
  });

  test('weekly rules on different weekdays overlap only through a window longer than the gap', () => {
    expect(firstOverlap(w(BackupSchedule.weekly(WeekDay.MONDAY, { hour: 3 })), w(BackupSchedule.weekly(WeekDay.TUESDAY, { hour: 3 })))).toBeUndefined();
    expect(firstOverlap(w(BackupSchedule.weekly(WeekDay.MONDAY, { hour: 3 }), 25), w(BackupSchedule.weekly(WeekDay.TUESDAY, { hour: 3 })))).toBeDefined();
  });
});

describe('BackupPolicy.seedTiers copies', () => {
  test('every AWS rule that wins an overlapping window over a copying rule copies too, so a copy leaves every day', () => {
    // AWS Backup keeps the rule with the longer retention when windows overlap; the seeds' weekly,
    // monthly and yearly rules start in the daily rule's window.
    for (const tier of BackupPolicy.seedTiers().awsTiers) {
      for (const a of tier.rules) {
        for (const b of tier.rules) {
          if (a === b || !a.copyToOtherRegions || b.retention.toDays() < a.retention.toDays()) continue;
          if (firstOverlap({ schedule: a.schedule, startWindowMinutes: 60 }, { schedule: b.schedule, startWindowMinutes: 60 })) {
            expect(`${tier.name}-${b.name}: ${b.copyToOtherRegions}`).toBe(`${tier.name}-${b.name}: true`);
          }
        }
      }
    }
  });
});
