import { Duration } from 'cdk8s';
import { DurationLike } from '../core/duration';

/** Options of {@link RolloutHook.job}. */
export interface RolloutHookJobOptions {
  /** Container image that runs the check; it exits 0 on success. */
  readonly image: string;
  /**
   * Container arguments.
   * @default - the image's default command
   */
  readonly args?: string[];
  /**
   * How long the Job may run before it counts as failed.
   * @default Duration.minutes(10)
   */
  readonly timeout?: DurationLike;
}

/**
 * A check run by Argo Rollouts as a Kubernetes Job (an analysis with the `job` provider): a load
 * test before traffic shifts, or a smoke test before promotion. The Job runs in the mesh with a
 * native sidecar (so it can finish), as the hook service account that the AuthorizationPolicy admits,
 * and receives `TARGET_URL` and, for load tests, `ROUTE_HEADER` (`name: value`) in its environment.
 */
export class RolloutHook {
  public static job(options: RolloutHookJobOptions): RolloutHook {
    return new RolloutHook(options.image, options.args ?? [], options.timeout ?? Duration.minutes(10));
  }

  private constructor(public readonly image: string, public readonly args: readonly string[], public readonly timeout: DurationLike) {}
}
