import { invalid, ValidationScope } from '../core';
import { AlertRouting } from './alert-routing';
import { BurnRatePolicy } from './burn-rate';
import { CostBudgetPlan } from './cost-budgets';
import { AlertingRule } from './prometheus-rule-types';
import { Severity } from './severity';
import { ServiceLevelObjective } from './slo';

// Each rule is a small function that throws the house error; constructs run them through validateAll.

/** An SLO objective is a percentage strictly between 0 and 100. */
export function checkSloObjective(scope: ValidationScope, prop: string, slo: ServiceLevelObjective): void {
  if (!Number.isFinite(slo.objective) || slo.objective <= 0 || slo.objective >= 100) {
    invalid(scope, `${prop}.objective`, slo.objective, 'a percentage strictly between 0 and 100, e.g. 99.9');
  }
}

/** Sloth-style names: lowercase kebab-case, usable in labels and rule-group names. */
export function checkSloName(scope: ValidationScope, prop: string, value: string): void {
  if (!/^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/.test(value)) invalid(scope, prop, value, 'lowercase letters, digits and inner hyphens');
}

/**
 * Burn-rate windows in order: in each condition the short window is shorter than the long one,
 * the long windows grow from page-quick to ticket-slow, and the factors are positive and do not
 * grow along that order (a slower window with a higher factor would never fire first).
 */
export function checkBurnRates(scope: ValidationScope, prop: string, policy: BurnRatePolicy, window: { toSeconds(): number }): void {
  const names = ['pageQuick', 'pageSlow', 'ticketQuick', 'ticketSlow'] as const;
  names.forEach((name, i) => {
    const w = policy.windows[name];
    if (!(w.factor > 0)) invalid(scope, `${prop}.${name}.factor`, w.factor, 'a positive burn-rate factor');
    if (w.shortWindow.toSeconds() >= w.longWindow.toSeconds()) {
      invalid(scope, `${prop}.${name}`, `${w.shortWindow.toHumanString()} / ${w.longWindow.toHumanString()}`, 'a short window shorter than its long window');
    }
    if (w.longWindow.toSeconds() > window.toSeconds()) invalid(scope, `${prop}.${name}.longWindow`, w.longWindow.toHumanString(), 'a window no longer than the SLO window');
    if (i > 0) {
      const prev = policy.windows[names[i - 1]];
      if (w.longWindow.toSeconds() <= prev.longWindow.toSeconds()) {
        invalid(scope, `${prop}.${name}.longWindow`, w.longWindow.toHumanString(), `a window longer than ${names[i - 1]}'s ${prev.longWindow.toHumanString()} (order: pageQuick < pageSlow < ticketQuick < ticketSlow)`);
      }
      if (w.factor > prev.factor) invalid(scope, `${prop}.${name}.factor`, w.factor, `a factor no higher than ${names[i - 1]}'s ${prev.factor}`);
    }
  });
}

/** Every severity has at least one receiver: an alert nobody receives is a silent failure. */
export function checkEverySeverityReceived(scope: ValidationScope, routing: AlertRouting): void {
  for (const severity of Severity.all()) {
    if (routing.receiversOf(severity).length === 0) invalid(scope, `routing.${severity.name}`, [], 'at least one receiver (every alarm of this severity would reach nobody)');
  }
}

/** Every receiver names its secret (Secrets Manager field for AWS, Kubernetes Secret key for Alertmanager). */
export function checkReceiverSecrets(scope: ValidationScope, routing: AlertRouting): void {
  for (const severity of Severity.all()) {
    routing.receiversOf(severity).forEach((receiver, i) => {
      const prop = `routing.${severity.name}[${i}]`;
      const ref = receiver.kind === 'pagerduty' ? receiver.pagerDutyOptions!.kubernetesRoutingKey : receiver.slackOptions!.kubernetesWebhookUrl;
      if (!ref || !ref.name || !ref.key) invalid(scope, `${prop}.${receiver.kind === 'pagerduty' ? 'kubernetesRoutingKey' : 'kubernetesWebhookUrl'}`, ref, 'a Kubernetes Secret name and key holding the credential');
      if (receiver.kind === 'pagerduty' && receiver.pagerDutyOptions!.integrationKeyField === '') invalid(scope, `${prop}.integrationKeyField`, '', 'the JSON field of the secret holding the integration key');
      if (receiver.kind === 'slack') {
        const o = receiver.slackOptions!;
        if (!/^[A-Z0-9]{9,}$/.test(o.workspaceId)) invalid(scope, `${prop}.workspaceId`, o.workspaceId, 'a Slack workspace id such as T0123456789');
        if (!/^[A-Z0-9]{9,}$/.test(o.channelId)) invalid(scope, `${prop}.channelId`, o.channelId, 'a Slack channel id such as C0123456789');
      }
    });
  }
}

/** Each split of a budget fits in the total (the seeds' splits sum to it exactly). */
export function checkBudgetPlan(scope: ValidationScope, plan: CostBudgetPlan): void {
  const p = plan.props;
  if (!(p.monthlyLimitUsd > 0)) invalid(scope, 'budgets.monthlyLimitUsd', p.monthlyLimitUsd, 'a positive amount in USD');
  for (const [prop, splits] of [['byTag', p.byTag], ['byAwsService', p.byAwsService]] as const) {
    splits.forEach((s, i) => {
      if (!(s.limitUsd > 0)) invalid(scope, `budgets.${prop}[${i}].limitUsd`, s.limitUsd, 'a positive amount in USD');
      if (s.match.length === 0) invalid(scope, `budgets.${prop}[${i}].match`, [], 'at least one tag value or AWS service name');
    });
    const sum = splits.reduce((a, s) => a + s.limitUsd, 0);
    if (sum > p.monthlyLimitUsd) invalid(scope, `budgets.${prop}`, `${splits.map((s) => `${s.name} ${s.limitUsd}`).join(' + ')} = ${sum}`, `splits that sum to at most the monthly total ${p.monthlyLimitUsd}`);
  }
  if (!(p.warnAtPercent > 0 && p.warnAtPercent < 100)) invalid(scope, 'budgets.warnAtPercent', p.warnAtPercent, 'a percentage strictly between 0 and 100');
}

/** A sampling percentage from 0 to 100. */
export function checkSampling(scope: ValidationScope, prop: string, value: number): void {
  if (!Number.isFinite(value) || value < 0 || value > 100) invalid(scope, prop, value, 'a percentage from 0 to 100');
}

/** Every alert says what is wrong and links a runbook. */
export function checkAlertAnnotations(scope: ValidationScope, prop: string, rule: AlertingRule): void {
  if (!rule.annotations.summary?.trim()) invalid(scope, `${prop}.annotations.summary`, rule.annotations.summary, `a summary for alert ${rule.alert}`);
  if (!/^https:\/\/\S+$/.test(rule.annotations.runbook_url ?? '')) invalid(scope, `${prop}.annotations.runbook_url`, rule.annotations.runbook_url, `an https runbook link for alert ${rule.alert}`);
  if (!Severity.of(rule.labels.severity ?? '')) invalid(scope, `${prop}.labels.severity`, rule.labels.severity, 'one of critical, warning, info');
}

/** A runbook link for a CloudWatch alarm. */
export function checkRunbook(scope: ValidationScope, prop: string, url: string): void {
  if (!/^https:\/\/\S+$/.test(url ?? '')) invalid(scope, prop, url, 'an https runbook link');
}

/** A dashboard metric is in one of the environment's regions. */
export function checkMetricRegion(scope: ValidationScope, prop: string, region: string | undefined, regions: readonly string[]): void {
  if (region === undefined || !regions.includes(region)) invalid(scope, prop, region, `one of the environment's regions (${regions.join(', ')})`);
}
