/** Header changes on one direction of traffic. */
export interface HeaderChanges {
  /**
   * Headers to set, replacing any existing value.
   * @default - none
   */
  readonly set?: Record<string, string>;
  /**
   * Headers to append.
   * @default - none
   */
  readonly add?: Record<string, string>;
  /**
   * Headers to remove.
   * @default - none
   */
  readonly remove?: string[];
}

/** Request and response header manipulation on every route (`VirtualService.http[].headers`). */
export interface HeaderOperations {
  /** @default - no change */
  readonly request?: HeaderChanges;
  /** @default - no change */
  readonly response?: HeaderChanges;
}
