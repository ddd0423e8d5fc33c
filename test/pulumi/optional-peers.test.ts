import { execFileSync } from 'child_process';
import * as path from 'path';

const root = path.join(__dirname, '..', '..');

/** Which installed packages a fresh Node process loads when it requires `entry`. */
function packagesLoadedBy(entry: string): string[] {
  const out = execFileSync(
    process.execPath,
    ['-e', `require('ts-node').register({ transpileOnly: true, swc: true }); require(${JSON.stringify(entry)}); console.log(JSON.stringify(Object.keys(require.cache)))`],
    { cwd: root, encoding: 'utf8' },
  );
  return [...new Set((JSON.parse(out) as string[]).map((f) => /node_modules\/((@[^/]+\/)?[^/]+)/.exec(f)?.[1]).filter((p): p is string => !!p))];
}

describe('optional peer dependencies', () => {
  test('the main entry loads nothing of Pulumi', () => {
    expect(packagesLoadedBy('./lib').filter((p) => p.startsWith('@pulumi/'))).toEqual([]);
  });

  test('the pulumi subpath loads the Pulumi SDK and both providers', () => {
    expect(packagesLoadedBy('./lib/pulumi')).toEqual(expect.arrayContaining(['@pulumi/pulumi', '@pulumi/aws', '@pulumi/kubernetes']));
  });
});
