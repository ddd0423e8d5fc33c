import { DurationLike } from '../core/duration';

/** Chaos testing on the main route (`VirtualService.http[].fault`). */
export interface FaultInjection {
  /**
   * Answer a share of requests with an error status instead of forwarding them.
   * @default - no aborts
   */
  readonly abort?: { readonly httpStatus: number; readonly percentage: number };
  /**
   * Delay a share of requests.
   * @default - no delays
   */
  readonly delay?: { readonly fixedDelay: DurationLike; readonly percentage: number };
}
