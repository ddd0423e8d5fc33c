import { Match, Template } from 'aws-cdk-lib/assertions';
import { prodDr } from './fixtures';

describe('MultiRegionDr in prod', () => {
  test('synthesizes every region', () => {
    const f = prodDr();
    for (const s of [f.global, ...Object.values(f.stacks), ...Object.values(f.databaseStacks)]) {
      expect(() => Template.fromStack(s)).not.toThrow();
    }
    expect(f.dr.budget.meetsRto && f.dr.budget.meetsRpo).toBe(true);
    const t = Template.fromStack(f.stacks['us-east-1']);
    t.hasResourceProperties('AWS::S3::Bucket', { ReplicationConfiguration: Match.objectLike({}) });
  });
});
