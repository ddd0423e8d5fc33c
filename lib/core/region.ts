import { invalid, ValidationScope } from './errors';

/**
 * The AWS commercial and GovCloud region codes this library accepts. A fixed list rather than a
 * pattern, so a typo such as `us-east-3` fails at synth instead of at deploy.
 */
export const AWS_REGIONS: readonly string[] = [
  'af-south-1', 'ap-east-1', 'ap-east-2', 'ap-northeast-1', 'ap-northeast-2', 'ap-northeast-3',
  'ap-south-1', 'ap-south-2', 'ap-southeast-1', 'ap-southeast-2', 'ap-southeast-3', 'ap-southeast-4',
  'ap-southeast-5', 'ap-southeast-6', 'ap-southeast-7', 'ca-central-1', 'ca-west-1', 'cn-north-1',
  'cn-northwest-1', 'eu-central-1', 'eu-central-2', 'eu-north-1', 'eu-south-1', 'eu-south-2',
  'eu-west-1', 'eu-west-2', 'eu-west-3', 'il-central-1', 'me-central-1', 'me-south-1', 'mx-central-1',
  'sa-east-1', 'us-east-1', 'us-east-2', 'us-gov-east-1', 'us-gov-west-1', 'us-west-1', 'us-west-2',
];

export function isAwsRegion(value: string): boolean {
  return AWS_REGIONS.includes(value);
}

export function requireAwsRegion(scope: ValidationScope, prop: string, value: string): void {
  if (!isAwsRegion(value)) {
    invalid(scope, prop, value, 'an AWS region code such as "us-east-1"');
  }
}

/**
 * What a region does for an environment. Enum-like so that new roles can carry behaviour later
 * (a warm standby scales up on failover, a hot standby already serves).
 */
export class RegionRole {
  /** Serves traffic and is the source of backups and replication. Exactly one per environment. */
  public static readonly PRIMARY = new RegionRole('primary', true);
  /** Runs at full capacity and can take traffic at once. */
  public static readonly HOT_STANDBY = new RegionRole('hot-standby', false);
  /** Runs at reduced capacity and scales up on failover. */
  public static readonly WARM_STANDBY = new RegionRole('warm-standby', false);

  /** Every role, in a stable order. */
  public static readonly ALL: readonly RegionRole[] = [RegionRole.PRIMARY, RegionRole.HOT_STANDBY, RegionRole.WARM_STANDBY];

  /** Looks a role up by its name, throwing a validation error naming the known roles if there is none. */
  public static of(scope: ValidationScope, prop: string, name: string): RegionRole {
    const role = RegionRole.ALL.find((r) => r.name === name);
    if (!role) invalid(scope, prop, name, `one of ${RegionRole.ALL.map((r) => `"${r.name}"`).join(', ')}`);
    return role;
  }

  private constructor(public readonly name: string, public readonly isPrimary: boolean) {}

  public toString(): string {
    return this.name;
  }
}

/** A region of an environment with its role. */
export interface RegionPlacement {
  /** AWS region code, e.g. `us-east-1`. */
  readonly region: string;
  /** What the region does for the environment. */
  readonly role: RegionRole;
}
