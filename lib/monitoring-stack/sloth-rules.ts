import { Duration } from 'aws-cdk-lib';
import { promDuration } from './burn-rate';
import { AlertingRule, PrometheusRuleGroup, RecordingRule } from './prometheus-rule-types';
import { ResolvedSlo, WINDOW_PLACEHOLDER } from './slo';

/**
 * Sloth's naming conventions, so Sloth's Grafana dashboards (grafana.com 14348 and 14643) read our
 * rules unchanged: the SLI recording rules `slo:sli_error:ratio_rate<window>`, the metadata rules
 * `slo:objective:ratio`, `slo:error_budget:ratio`, `slo:time_period:days`,
 * `slo:current_burn_rate:ratio`, `slo:period_burn_rate:ratio`,
 * `slo:period_error_budget_remaining:ratio` and `sloth_slo_info`, and the labels `sloth_id`,
 * `sloth_service`, `sloth_slo`, `sloth_window`, `sloth_severity`.
 * @see https://github.com/slok/sloth (internal/prometheus: conventions, recording and alert rules)
 */
export const SLOTH_LABELS = {
  id: 'sloth_id',
  service: 'sloth_service',
  slo: 'sloth_slo',
  window: 'sloth_window',
  severity: 'sloth_severity',
} as const;

/** The `sloth_version` label of `sloth_slo_info`: which Sloth output these rules reproduce. */
export const SLOTH_COMPATIBLE_VERSION = 'resilience-constructs (sloth v0.11 conventions)';

/** `slo:sli_error:ratio_rate<window>`. */
export function sliErrorMetric(window: Duration): string {
  return `slo:sli_error:ratio_rate${promDuration(window)}`;
}

function idLabels(slo: ResolvedSlo): Record<string, string> {
  return { [SLOTH_LABELS.id]: slo.id, [SLOTH_LABELS.service]: slo.service, [SLOTH_LABELS.slo]: slo.name };
}

function idFilter(slo: ResolvedSlo): string {
  const l = idLabels(slo);
  return `{${Object.keys(l).sort().map((k) => `${k}="${l[k]}"`).join(', ')}}`;
}

/** Formats a number as Sloth does with `%g` (no trailing zeros, no exponent for these ranges). */
function g(n: number): string {
  return String(Number(n.toPrecision(12)));
}

/** The SLO's alert name: `<Service><Slo>ErrorBudgetBurn` in PascalCase (Sloth lets the user name it). */
export function sloAlertName(slo: ResolvedSlo): string {
  const pascal = (s: string) => s.split(/[^A-Za-z0-9]+/).filter(Boolean).map((p) => p[0].toUpperCase() + p.slice(1)).join('');
  return `${pascal(slo.service)}${pascal(slo.name)}ErrorBudgetBurn`;
}

/**
 * The three rule groups Sloth generates for one SLO: SLI recordings (one per alert window, plus
 * the whole period from the 5-minute one), metadata recordings, and the page and ticket alerts.
 */
export function slothRuleGroups(slo: ResolvedSlo): PrometheusRuleGroup[] {
  const labels = idLabels(slo);
  const filter = idFilter(slo);
  const windows = slo.burnRates.distinctWindows();
  const shortest = windows[0];

  const sli: RecordingRule[] = windows.map((w) => ({
    record: sliErrorMetric(w),
    expr: `(${render(slo.indicator.prometheus.errorQuery, w)})\n/\n(${render(slo.indicator.prometheus.totalQuery, w)})\n`,
    labels: { ...labels, [SLOTH_LABELS.window]: promDuration(w) },
  }));
  // The period's ratio as Sloth's optimized rule: sum of 5-minute ratios over count (ratio of ratios).
  const period = promDuration(slo.window);
  sli.push({
    record: sliErrorMetric(slo.window),
    expr: `sum_over_time(${sliErrorMetric(shortest)}${filter}[${period}])\n/ ignoring (${SLOTH_LABELS.window})\ncount_over_time(${sliErrorMetric(shortest)}${filter}[${period}])\n`,
    // Sloth sets only the window here (the ids come from the source series); the ids are added too,
    // with the same values, so two SLOs' period rules are not duplicates for `promtool check rules`.
    labels: { ...labels, [SLOTH_LABELS.window]: period },
  });

  const objectiveRatio = slo.objective / 100;
  const burnRate = (metric: string) =>
    `${metric}${filter}\n/ on(${SLOTH_LABELS.id}, ${SLOTH_LABELS.slo}, ${SLOTH_LABELS.service}) group_left\nslo:error_budget:ratio${filter}\n`;
  const meta: RecordingRule[] = [
    { record: 'slo:objective:ratio', expr: `vector(${g(objectiveRatio)})`, labels },
    { record: 'slo:error_budget:ratio', expr: `vector(1-${g(objectiveRatio)})`, labels },
    { record: 'slo:time_period:days', expr: `vector(${g(slo.window.toHours() / 24)})`, labels },
    { record: 'slo:current_burn_rate:ratio', expr: burnRate(sliErrorMetric(shortest)), labels },
    { record: 'slo:period_burn_rate:ratio', expr: burnRate(sliErrorMetric(slo.window)), labels },
    { record: 'slo:period_error_budget_remaining:ratio', expr: `1 - slo:period_burn_rate:ratio${filter}`, labels },
    {
      record: 'sloth_slo_info',
      expr: 'vector(1)',
      labels: { ...labels, sloth_mode: 'cli-gen-prom', sloth_objective: g(slo.objective), sloth_spec: 'prometheus/v1', sloth_version: SLOTH_COMPATIBLE_VERSION },
    },
  ];

  const budget = slo.errorBudget;
  const alert = (pair: readonly [{ factor: number; longWindow: Duration; shortWindow: Duration }, { factor: number; longWindow: Duration; shortWindow: Duration }], severityName: string, sloth: string): AlertingRule => {
    const [quick, slow] = pair;
    const cond = (w: Duration, factor: number) => `(${sliErrorMetric(w)}${filter} > (${g(factor)} * ${g(budget)}))`;
    return {
      alert: sloAlertName(slo),
      expr:
        `(\n    ${cond(quick.shortWindow, quick.factor)}\n    and ignoring (${SLOTH_LABELS.window})\n    ${cond(quick.longWindow, quick.factor)}\n)\n` +
        `or ignoring (${SLOTH_LABELS.window})\n` +
        `(\n    ${cond(slow.shortWindow, slow.factor)}\n    and ignoring (${SLOTH_LABELS.window})\n    ${cond(slow.longWindow, slow.factor)}\n)\n`,
      labels: { severity: severityName, [SLOTH_LABELS.severity]: sloth },
      annotations: {
        title: `(${sloth}) {{$labels.${SLOTH_LABELS.service}}} {{$labels.${SLOTH_LABELS.slo}}} SLO error budget burn rate is too fast.`,
        summary: `{{$labels.${SLOTH_LABELS.service}}} {{$labels.${SLOTH_LABELS.slo}}} SLO error budget burn rate is over expected.`,
        description: slo.description,
        runbook_url: slo.runbookUrl,
      },
    };
  };
  const page = slo.burnRates.page;
  const ticket = slo.burnRates.ticket;
  return [
    { name: `sloth-slo-sli-recordings-${slo.id}`, rules: sli },
    { name: `sloth-slo-meta-recordings-${slo.id}`, rules: meta },
    {
      name: `sloth-slo-alerts-${slo.id}`,
      rules: [alert(page, page[0].severity.name, page[0].severity.slothSeverity), alert(ticket, ticket[0].severity.name, ticket[0].severity.slothSeverity)],
    },
  ];
}

function render(query: string, window: Duration): string {
  return query.split(WINDOW_PLACEHOLDER).join(promDuration(window));
}
