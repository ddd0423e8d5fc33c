import { Template } from 'aws-cdk-lib/assertions';
import { EnvironmentDescription } from '../../lib/platform';
import { ENVIRONMENTS } from '../../stacks/environments';
import { buildPlatform } from './support';

const prod = ENVIRONMENTS.find((e) => e.name === 'prod')!;
const withDr = (e: EnvironmentDescription, dr: Partial<EnvironmentDescription['dr']>): EnvironmentDescription => ({ ...e, dr: { ...e.dr, ...dr } });

test('probe', () => {
  const platform = buildPlatform([withDr(prod, { routingControls: true })]);
  const arc = Template.fromStack(platform.routingControlStacks.get('prod')!);
  const g = Template.fromStack(platform.globals.get('prod')!);
  require('fs').writeFileSync('/tmp/arc/arc.json', JSON.stringify(arc.toJSON(), null, 1));
  require('fs').writeFileSync('/tmp/arc/global.json', JSON.stringify(g.toJSON(), null, 1));
  require('fs').writeFileSync('/tmp/arc/euw1.json', JSON.stringify(Template.fromStack(platform.stacks.get('prod/eu-west-1')!).toJSON(), null, 1));
});
