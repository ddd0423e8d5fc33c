/**
 * How urgent an alert is, and so who receives it. Severities are data: every alarm and every
 * Prometheus alert carries one, and the routing maps each severity to its receivers.
 */
export class Severity {
  /** Wakes someone up: PagerDuty in prod. Sloth calls it `page`. */
  public static readonly CRITICAL = new Severity('critical', 'page', 0);
  /** Needs attention in working hours: Slack. Sloth calls it `ticket`. */
  public static readonly WARNING = new Severity('warning', 'ticket', 1);
  /** For the record: Slack, never paged. */
  public static readonly INFO = new Severity('info', 'info', 2);

  /** Every severity, most urgent first. */
  public static all(): readonly Severity[] {
    return [Severity.CRITICAL, Severity.WARNING, Severity.INFO];
  }

  /** The severity called `name`, or undefined. */
  public static of(name: string): Severity | undefined {
    return Severity.all().find((s) => s.name === name);
  }

  private constructor(
    /** `critical`, `warning` or `info`: the `severity` label of every Prometheus alert. */
    public readonly name: 'critical' | 'warning' | 'info',
    /** Sloth's `sloth_severity` label value for SLO alerts. */
    public readonly slothSeverity: string,
    /** 0 = most urgent; used to sort deterministically. */
    public readonly rank: number,
  ) {}

  /** `Critical`, for construct ids. */
  public get title(): string {
    return this.name.charAt(0).toUpperCase() + this.name.slice(1);
  }

  public toHumanString(): string {
    return this.name;
  }
}
