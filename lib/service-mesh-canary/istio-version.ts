import { invalid, ValidationScope } from '../core/errors';

/**
 * An Istio minor version (`1.22`). The construct refuses fields that the declared minimum does not
 * understand, so a manifest never reaches a control plane that would reject or, worse, ignore it.
 */
export class IstioVersion {
  /** The oldest Istio this library targets (`networking.istio.io/v1` and `security.istio.io/v1`). */
  public static readonly V1_22 = new IstioVersion(1, 22);

  /** Parses `"<major>.<minor>"`, throwing a validation error naming `prop` when it is not one. */
  public static parse(scope: ValidationScope, prop: string, value: string): IstioVersion {
    const match = /^(\d+)\.(\d+)$/.exec(value);
    if (!match) invalid(scope, prop, value, 'an Istio minor version such as "1.22"');
    const version = new IstioVersion(Number(match[1]), Number(match[2]));
    if (!version.atLeast(IstioVersion.V1_22)) invalid(scope, prop, value, `"${IstioVersion.V1_22}" or later: older releases lack networking.istio.io/v1`);
    return version;
  }

  private constructor(public readonly major: number, public readonly minor: number) {}

  public atLeast(other: IstioVersion): boolean {
    return this.major > other.major || (this.major === other.major && this.minor >= other.minor);
  }

  public toString(): string {
    return `${this.major}.${this.minor}`;
  }
}

/** A field or behaviour that needs a given Istio release. */
export interface IstioFeature {
  /** What the feature is, as the user wrote it (used in messages). */
  readonly name: string;
  /** The first release that supports it. */
  readonly since: IstioVersion;
}

/** Version-gated features the construct can emit. */
export const ISTIO_FEATURES = {
  /** `VirtualService.http[].retries.backoff`. */
  retryBackoff: { name: 'retries.backoff', since: IstioVersion.parse('istio', 'version', '1.26') },
  /** The per-pod annotation `sidecar.istio.io/nativeSidecar`, which lets a meshed Job finish. */
  nativeSidecarAnnotation: { name: 'sidecar.istio.io/nativeSidecar (rollout hook Jobs)', since: IstioVersion.parse('istio', 'version', '1.24') },
} as const satisfies Record<string, IstioFeature>;
