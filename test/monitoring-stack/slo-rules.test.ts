import { Duration } from 'aws-cdk-lib';
import { isAlertingRule, resolveSlo, SloIndicator, slothRuleGroups, sloAlertName } from '../../lib/monitoring-stack';
import { promqlErrors } from '../service-mesh-canary/promql';
import { checkRules, promtool, testRules } from './promtool';

const AVAILABILITY = resolveSlo({
  name: 'requests-availability',
  service: 'api',
  objective: 99.9,
  description: 'API requests answer without a server error.',
  runbookUrl: 'https://runbooks.example.com/slo/api-availability',
  indicator: SloIndicator.availability({
    prometheus: {
      errorQuery: 'sum(rate(http_requests_total{job="api",code=~"5.."}[{{.window}}]))',
      totalQuery: 'sum(rate(http_requests_total{job="api"}[{{.window}}]))',
    },
  }),
});

const LATENCY = resolveSlo({
  name: 'requests-latency',
  service: 'api',
  objective: 99,
  description: 'API requests answer within 1000 ms.',
  runbookUrl: 'https://runbooks.example.com/slo/api-latency',
  indicator: SloIndicator.latency({ threshold: Duration.millis(1000), histogram: 'istio_request_duration_milliseconds', histogramUnit: 'milliseconds', selector: 'destination_service="api.prod.svc.cluster.local"' }),
});

function expectedAlert(slo: typeof AVAILABILITY, severity: 'critical' | 'warning', window: string) {
  const sloth = severity === 'critical' ? 'page' : 'ticket';
  return {
    exp_labels: { severity, sloth_severity: sloth, sloth_id: slo.id, sloth_service: slo.service, sloth_slo: slo.name, sloth_window: window },
    exp_annotations: {
      title: `(${sloth}) ${slo.service} ${slo.name} SLO error budget burn rate is too fast.`,
      summary: `${slo.service} ${slo.name} SLO error budget burn rate is over expected.`,
      description: slo.description,
      runbook_url: slo.runbookUrl,
    },
  };
}

describe('SLO rules in Sloth\'s format', () => {
  test('record one SLI ratio per burn-rate window and the 30-day period, with Sloth\'s names and labels', () => {
    // WHEN rendered
    const [sli, meta, alerts] = slothRuleGroups(AVAILABILITY);
    // THEN the groups and recording rules are Sloth's
    expect(sli.name).toBe('sloth-slo-sli-recordings-api-requests-availability');
    expect(sli.rules.map((r) => ('record' in r ? r.record : ''))).toEqual([
      'slo:sli_error:ratio_rate5m', 'slo:sli_error:ratio_rate30m', 'slo:sli_error:ratio_rate1h', 'slo:sli_error:ratio_rate2h',
      'slo:sli_error:ratio_rate6h', 'slo:sli_error:ratio_rate1d', 'slo:sli_error:ratio_rate3d', 'slo:sli_error:ratio_rate30d',
    ]);
    expect(sli.rules[0].labels).toEqual({ sloth_id: 'api-requests-availability', sloth_service: 'api', sloth_slo: 'requests-availability', sloth_window: '5m' });
    expect(meta.rules.map((r) => ('record' in r ? r.record : ''))).toEqual([
      'slo:objective:ratio', 'slo:error_budget:ratio', 'slo:time_period:days', 'slo:current_burn_rate:ratio',
      'slo:period_burn_rate:ratio', 'slo:period_error_budget_remaining:ratio', 'sloth_slo_info',
    ]);
    expect(meta.rules[0].expr).toBe('vector(0.999)');
    expect(alerts.rules.filter(isAlertingRule).map((a) => a.labels.sloth_severity)).toEqual(['page', 'ticket']);
  });

  test('every expression parses with the official PromQL grammar', () => {
    for (const slo of [AVAILABILITY, LATENCY]) {
      for (const group of slothRuleGroups(slo)) {
        for (const rule of group.rules) expect({ rule: rule.expr, errors: promqlErrors(rule.expr) }).toEqual({ rule: rule.expr, errors: [] });
      }
    }
  });

  test('pass promtool check rules', () => {
    expect(checkRules([...slothRuleGroups(AVAILABILITY), ...slothRuleGroups(LATENCY)])).toMatch(/SUCCESS: 34 rules found/);
  });

  test('page and ticket fire on a series that burns the budget and stay quiet on one that does not (promtool test rules)', () => {
    const alertname = sloAlertName(AVAILABILITY);
    const out = testRules(slothRuleGroups(AVAILABILITY), [
      {
        // 10 errors in 110 requests a minute: 9 % errors, 90× the 0.1 % budget.
        interval: '1m',
        input_series: [
          { series: 'http_requests_total{job="api",code="200"}', values: '0+100x300' },
          { series: 'http_requests_total{job="api",code="500"}', values: '0+10x300' },
        ],
        alert_rule_test: [
          { eval_time: '2h', alertname, exp_alerts: [expectedAlert(AVAILABILITY, 'critical', '5m'), expectedAlert(AVAILABILITY, 'warning', '2h')] },
        ],
        promql_expr_test: [{ expr: 'slo:objective:ratio', eval_time: '10m', exp_samples: [{ labels: 'slo:objective:ratio{sloth_id="api-requests-availability", sloth_service="api", sloth_slo="requests-availability"}', value: 0.999 }] }],
      },
      {
        // 1 error in 2000 requests: 0.05 %, half the budget; nothing fires.
        interval: '1m',
        input_series: [
          { series: 'http_requests_total{job="api",code="200"}', values: '0+1999x300' },
          { series: 'http_requests_total{job="api",code="500"}', values: '0+1x300' },
        ],
        alert_rule_test: [{ eval_time: '2h', alertname, exp_alerts: [] }, { eval_time: '5h', alertname, exp_alerts: [] }],
      },
    ]);
    expect(out).toMatch(/SUCCESS/);
  });

  test('the latency SLO pages when too many requests are slower than 1000 ms (promtool test rules)', () => {
    const alertname = sloAlertName(LATENCY);
    const sel = 'destination_service="api.prod.svc.cluster.local"';
    const out = testRules(slothRuleGroups(LATENCY), [
      {
        // 30 of 100 requests a minute slower than 1000 ms: 30 %, 30× the 1 % budget.
        interval: '1m',
        input_series: [
          { series: `istio_request_duration_milliseconds_bucket{${sel},le="1000"}`, values: '0+70x300' },
          { series: `istio_request_duration_milliseconds_count{${sel}}`, values: '0+100x300' },
        ],
        alert_rule_test: [{ eval_time: '2h', alertname, exp_alerts: [expectedAlert(LATENCY, 'critical', '5m'), expectedAlert(LATENCY, 'warning', '2h')] }],
      },
      {
        // 1 of 200 slow: 0.5 %, under the budget.
        interval: '1m',
        input_series: [
          { series: `istio_request_duration_milliseconds_bucket{${sel},le="1000"}`, values: '0+199x300' },
          { series: `istio_request_duration_milliseconds_count{${sel}}`, values: '0+200x300' },
        ],
        alert_rule_test: [{ eval_time: '2h', alertname, exp_alerts: [] }],
      },
    ]);
    expect(out).toMatch(/SUCCESS/);
  });

  test('a missing promtool fails the suite instead of skipping it', () => {
    expect(() => promtool(['--version'], process.cwd(), 'promtool-not-installed')).toThrow(/promtool is not installed: run scripts\/ensure-test-tools.sh/);
  });
});
