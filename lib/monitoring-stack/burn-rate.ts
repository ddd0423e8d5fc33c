import { Duration } from 'aws-cdk-lib';
import { Severity } from './severity';

/**
 * One multi-window burn-rate condition: the error ratio over both windows is above
 * `factor` × the error budget (Google SRE workbook, "Alerting on SLOs", method 6).
 */
export interface BurnRateWindow {
  /** Who is told: `Severity.CRITICAL` pages, `Severity.WARNING` opens a ticket. */
  readonly severity: Severity;
  /** How many times faster than sustainable the budget burns. */
  readonly factor: number;
  /** The long window: the condition's significance. */
  readonly longWindow: Duration;
  /** The short window (about 1/12 of the long one): the alert resets quickly once the burn stops. */
  readonly shortWindow: Duration;
}

/** The burn-rate windows of an SLO's alerts: two page conditions (quick, slow) and two ticket ones. */
export class BurnRatePolicy {
  /**
   * The SRE workbook's values for a 30-day budget: page at 14.4× over 1 h and 5 min (2 % of the
   * budget in an hour) and at 6× over 6 h and 30 min (5 % in 6 h); ticket at 3× over 1 d and 2 h
   * (10 % in a day) and at 1× over 3 d and 6 h (10 % in 3 days).
   * @see https://sre.google/workbook/alerting-on-slos/
   */
  public static googleSreWorkbook(): BurnRatePolicy {
    return new BurnRatePolicy({
      pageQuick: { severity: Severity.CRITICAL, factor: 14.4, longWindow: Duration.hours(1), shortWindow: Duration.minutes(5) },
      pageSlow: { severity: Severity.CRITICAL, factor: 6, longWindow: Duration.hours(6), shortWindow: Duration.minutes(30) },
      ticketQuick: { severity: Severity.WARNING, factor: 3, longWindow: Duration.days(1), shortWindow: Duration.hours(2) },
      ticketSlow: { severity: Severity.WARNING, factor: 1, longWindow: Duration.days(3), shortWindow: Duration.hours(6) },
    });
  }

  /** Custom windows; validated by the construct that renders them (order, factors). */
  public static custom(windows: BurnRatePolicyWindows): BurnRatePolicy {
    return new BurnRatePolicy(windows);
  }

  private constructor(public readonly windows: BurnRatePolicyWindows) {}

  /** The page pair (quick, slow). */
  public get page(): readonly [BurnRateWindow, BurnRateWindow] {
    return [this.windows.pageQuick, this.windows.pageSlow];
  }

  /** The ticket pair (quick, slow). */
  public get ticket(): readonly [BurnRateWindow, BurnRateWindow] {
    return [this.windows.ticketQuick, this.windows.ticketSlow];
  }

  /** Every window, page quick first. */
  public all(): readonly BurnRateWindow[] {
    return [this.windows.pageQuick, this.windows.pageSlow, this.windows.ticketQuick, this.windows.ticketSlow];
  }

  /** Every distinct window length, shortest first: the SLI recording rules Sloth emits. */
  public distinctWindows(): readonly Duration[] {
    const seconds = new Map<number, Duration>();
    for (const w of this.all()) {
      seconds.set(w.shortWindow.toSeconds(), w.shortWindow);
      seconds.set(w.longWindow.toSeconds(), w.longWindow);
    }
    return [...seconds.entries()].sort((a, b) => a[0] - b[0]).map(([, d]) => d);
  }
}

/** The four conditions of a {@link BurnRatePolicy}. */
export interface BurnRatePolicyWindows {
  readonly pageQuick: BurnRateWindow;
  readonly pageSlow: BurnRateWindow;
  readonly ticketQuick: BurnRateWindow;
  readonly ticketSlow: BurnRateWindow;
}

/** A Prometheus duration (`5m`, `1h`, `3d`) in the largest whole unit, as Sloth writes them. */
export function promDuration(d: Duration): string {
  const s = d.toSeconds();
  if (s % 86400 === 0) return `${s / 86400}d`;
  if (s % 3600 === 0) return `${s / 3600}h`;
  if (s % 60 === 0) return `${s / 60}m`;
  return `${s}s`;
}
