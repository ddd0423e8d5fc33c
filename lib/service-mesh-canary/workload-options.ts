/** Minimum and maximum replicas, enforced by a HorizontalPodAutoscaler. */
export interface ReplicaRange {
  readonly min: number;
  readonly max: number;
}

/** Container resource requests and limits, as Kubernetes quantities. */
export interface ContainerResources {
  /** @default '250m' */
  readonly cpuRequest?: string;
  /** @default '256Mi' */
  readonly memoryRequest?: string;
  /** @default '1' */
  readonly cpuLimit?: string;
  /** @default '512Mi' */
  readonly memoryLimit?: string;
}

/** Options of {@link EnvVarSource.secretKey} and {@link EnvVarSource.configMapKey}. */
export interface EnvKeyOptions {
  /**
   * Start the container even when the Secret or ConfigMap or the key is missing.
   * @default false
   */
  readonly optional?: boolean;
}

/** The value of an environment variable read from a Secret or ConfigMap key (`env[].valueFrom`). */
export class EnvVarSource {
  /** A key of a Secret in the service's namespace. */
  public static secretKey(secretName: string, key: string, options: EnvKeyOptions = {}): EnvVarSource {
    return new EnvVarSource('secret', secretName, key, options.optional);
  }

  /** A key of a ConfigMap in the service's namespace. */
  public static configMapKey(configMapName: string, key: string, options: EnvKeyOptions = {}): EnvVarSource {
    return new EnvVarSource('configMap', configMapName, key, options.optional);
  }

  private constructor(
    public readonly kind: 'secret' | 'configMap',
    public readonly name: string,
    public readonly key: string,
    public readonly optional: boolean | undefined,
  ) {}

  public toString(): string {
    return `${this.kind}:${this.name}/${this.key}`;
  }
}

/** Options of {@link EnvFromSource.secret} and {@link EnvFromSource.configMap}. */
export interface EnvFromOptions {
  /**
   * Prefix put before every key, which must then form an environment variable name.
   * @default - none
   */
  readonly prefix?: string;
  /**
   * Start the container even when the Secret or ConfigMap is missing.
   * @default false
   */
  readonly optional?: boolean;
}

/** Every key of a Secret or ConfigMap as environment variables (`envFrom`). */
export class EnvFromSource {
  /** Every key of a Secret in the service's namespace. */
  public static secret(secretName: string, options: EnvFromOptions = {}): EnvFromSource {
    return new EnvFromSource('secret', secretName, options.prefix, options.optional);
  }

  /** Every key of a ConfigMap in the service's namespace. */
  public static configMap(configMapName: string, options: EnvFromOptions = {}): EnvFromSource {
    return new EnvFromSource('configMap', configMapName, options.prefix, options.optional);
  }

  private constructor(
    public readonly kind: 'secret' | 'configMap',
    public readonly name: string,
    public readonly prefix: string | undefined,
    public readonly optional: boolean | undefined,
  ) {}

  public toString(): string {
    return `${this.kind}:${this.name}`;
  }
}

/** A toleration of node taints (`spec.tolerations[]`). */
export interface PodToleration {
  /**
   * Taint key; with `operator: 'Exists'` and no key, every taint is tolerated.
   * @default - every key (operator `Exists` only)
   */
  readonly key?: string;
  /**
   * `Equal` matches `value`; `Exists` matches any value.
   * @default 'Equal'
   */
  readonly operator?: 'Equal' | 'Exists';
  /**
   * Taint value to match (operator `Equal`).
   * @default ''
   */
  readonly value?: string;
  /**
   * Taint effect to match.
   * @default - every effect
   */
  readonly effect?: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';
  /**
   * How long the pod stays bound after a `NoExecute` taint appears.
   * @default - for ever
   */
  readonly tolerationSeconds?: number;
}
