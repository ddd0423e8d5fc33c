import { Duration } from 'aws-cdk-lib';
import { BackupPolicy, BackupSchedule, WeekDay } from '../../lib/encrypted-backup-vault';

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
