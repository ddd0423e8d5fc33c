import { DurationLike } from '../core/duration';

/** Istio and prometheus-operator durations: whole seconds as `30s`, anything finer as `250ms`. */
export function istioDuration(duration: DurationLike): string {
  const seconds = duration.toSeconds({ integral: false });
  return Number.isInteger(seconds) ? `${seconds}s` : `${Math.round(duration.toMilliseconds({ integral: false }))}ms`;
}

/** Argo Rollouts durations (`10m`, `90s`, `1h`): the largest unit that divides the duration. */
export function argoDuration(duration: DurationLike): string {
  const seconds = duration.toSeconds({ integral: false });
  if (seconds % 3600 === 0) return `${seconds / 3600}h`;
  if (seconds % 60 === 0) return `${seconds / 60}m`;
  return `${seconds}s`;
}

/** Whole seconds of a duration, for fields typed as integers of seconds. */
export function wholeSeconds(duration: DurationLike): number {
  return duration.toSeconds({ integral: false });
}
