/** A Prometheus recording rule. */
export interface RecordingRule {
  readonly record: string;
  readonly expr: string;
  readonly labels?: Record<string, string>;
}

/** A Prometheus alerting rule; `severity`, `summary` and `runbook_url` are required by validation. */
export interface AlertingRule {
  readonly alert: string;
  readonly expr: string;
  /** Prometheus duration, e.g. `5m`. */
  readonly for?: string;
  readonly labels: Record<string, string>;
  readonly annotations: Record<string, string>;
}

export type PrometheusRuleEntry = RecordingRule | AlertingRule;

/** A rule group, as in a PrometheusRule's `spec.groups` and in a `promtool check rules` file. */
export interface PrometheusRuleGroup {
  readonly name: string;
  readonly interval?: string;
  readonly rules: readonly PrometheusRuleEntry[];
}

export function isAlertingRule(rule: PrometheusRuleEntry): rule is AlertingRule {
  return (rule as AlertingRule).alert !== undefined;
}
