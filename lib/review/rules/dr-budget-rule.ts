import { DrBudget, DrEstimate } from '../synth-output';
import { ReviewInput, ReviewRule, Violation } from './review-rule';

/**
 * Fails when an environment's DR budget (dist/dr/<env>.json, written by MultiRegionDr) misses its
 * tier's RTO or RPO in the head. An environment without a budget file is not checked (the report
 * says so).
 */
export function drBudgetMissed(input: ReviewInput): Violation[] {
  const out: Violation[] = [];
  for (const [env, base] of Object.entries(input.dr.base).sort(([a], [b]) => a.localeCompare(b))) {
    if (!input.dr.head[env]) out.push({ rule: 'dr-budget', target: `dr/${env}`, message: `the DR budget is no longer written (base: RTO ${base.rto?.minutes} min, RPO ${base.rpo?.minutes} min): its tier can no longer be checked` });
  }
  for (const [env, head] of Object.entries(input.dr.head).sort(([a], [b]) => a.localeCompare(b))) {
    const base = input.dr.base[env];
    const malformed = budgetShapeErrors(head);
    if (malformed.length) {
      out.push({ rule: 'dr-budget', target: `dr/${env}`, message: `dist/dr/${env}.json does not follow the budget contract: ${malformed.join('; ')}` });
      continue;
    }
    for (const objective of ['rto', 'rpo'] as const) {
      const meets = objective === 'rto' ? head.meetsRto : head.meetsRpo;
      if (meets) continue;
      const limit = objective === 'rto' ? head.tier.rtoMinutes : head.tier.rpoMinutes;
      const was = base ? ` (base: ${base[objective].minutes} min${(objective === 'rto' ? base.meetsRto : base.meetsRpo) ? '' : ', already missing'})` : '';
      out.push({
        rule: 'dr-budget',
        target: `dr/${env}`,
        message: `${objective.toUpperCase()} ${head[objective].minutes} min misses tier ${head.tier.name} (${limit} min)${was}: ${components(head[objective])}`,
      });
    }
  }
  return out;
}

/** What a budget lacks of the contract `{ tier: { name, rtoMinutes, rpoMinutes }, rto, rpo, meetsRto, meetsRpo }`. */
export function budgetShapeErrors(b: DrBudget): string[] {
  const errors: string[] = [];
  const num = (v: unknown) => typeof v === 'number' && Number.isFinite(v);
  if (typeof b?.tier?.name !== 'string' || !num(b.tier.rtoMinutes) || !num(b.tier.rpoMinutes)) errors.push('tier = { name, rtoMinutes, rpoMinutes } expected');
  for (const o of ['rto', 'rpo'] as const) if (!num(b?.[o]?.minutes) || !Array.isArray(b[o].components)) errors.push(`${o} = { minutes, components } expected`);
  for (const m of ['meetsRto', 'meetsRpo'] as const) if (typeof b?.[m] !== 'boolean') errors.push(`${m} = a boolean expected`);
  return errors;
}

function components(estimate: DrEstimate): string {
  return estimate.components.map((c) => `${c.name} ${c.minutes} min`).join(' + ');
}

/** Environments that synthesize but have no DR budget file on the head side. */
export function environmentsWithoutBudget(environments: readonly string[], head: Readonly<Record<string, DrBudget>>): string[] {
  return environments.filter((e) => !head[e]);
}

export const DR_BUDGET_RULE: ReviewRule = { id: 'dr-budget', description: "An environment's DR budget misses its tier's RTO or RPO.", check: drBudgetMissed };
