/**
 * A length of time as the library takes it: aws-cdk-lib's `Duration` and cdk8s's `Duration` both
 * fit, so an app that builds both halves of a capability needs only one of them (aws-cdk-lib's is
 * accepted everywhere). Only these two conversions are used; neither accepts an unresolved token.
 */
export interface DurationLike {
  /** The length in milliseconds; `integral: false` allows fractions. */
  toMilliseconds(opts?: { readonly integral?: boolean }): number;
  /** The length in seconds; `integral: false` allows fractions. */
  toSeconds(opts?: { readonly integral?: boolean }): number;
}
