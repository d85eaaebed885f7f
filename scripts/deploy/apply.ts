/**
 * Carries out a plan. Database steps go first, in order; then each function's steps and the data, side by
 * side. A failed step does not stop the others: only the steps that need it are left out, and the report says
 * which. Running the deploy again picks up from there: what was done is found done and left alone.
 */
import type { Cloud } from './managementApi';
import type { Step } from './plan';

export type Outcome =
  | { step: Step; status: 'done' }
  | { step: Step; status: 'failed'; error: string }
  | { step: Step; status: 'skipped'; because: string };

async function runGroup(cloud: Cloud, steps: Step[], outcomes: Map<string, Outcome>): Promise<void> {
  for (const step of steps) {
    const before = step.after ? outcomes.get(step.after) : undefined;
    if (before && before.status !== 'done') {
      outcomes.set(step.id, { step, status: 'skipped', because: before.step.target });
      continue;
    }
    if (step.action === 'blocked') {
      outcomes.set(step.id, { step, status: 'failed', error: step.detail });
      continue;
    }
    if (!step.run) continue;
    try {
      await step.run(cloud);
      outcomes.set(step.id, { step, status: 'done' });
    } catch (e) {
      outcomes.set(step.id, { step, status: 'failed', error: e instanceof Error ? e.message : String(e) });
    }
  }
}

export async function apply(cloud: Cloud, steps: Step[]): Promise<Outcome[]> {
  const outcomes = new Map<string, Outcome>();
  const groups = new Map<string, Step[]>();
  for (const s of steps) groups.set(s.group, [...(groups.get(s.group) ?? []), s]);
  await runGroup(cloud, groups.get('database') ?? [], outcomes);
  await Promise.all([...groups].filter(([name]) => name !== 'database').map(([, g]) => runGroup(cloud, g, outcomes)));
  return steps.flatMap((s) => (outcomes.has(s.id) ? [outcomes.get(s.id)!] : []));
}
