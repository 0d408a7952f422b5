import { figuresOf, type Figures } from './measurement.ts';
import type { Check, ScenarioResult } from './scenarios.ts';

/** The results of one database size. */
export interface SizeResults {
  readonly contracts: number;
  readonly webhooks: ScenarioResult;
  readonly storm: ScenarioResult;
  readonly list: ScenarioResult;
  /** The API's first start on the seeded database. */
  readonly firstStartMs: number;
  /** A restart after the scenarios' writes, on the largest size only; `startupMs` null when it had not answered within `limitMs`. */
  readonly restart: { readonly startupMs: number | null; readonly limitMs: number; readonly recentStreams: number } | null;
}

export interface GoalResult {
  readonly goal: string;
  /** The size it was measured on, or the sizes compared. */
  readonly where: string;
  readonly measured: number;
  readonly limit: number;
  /** `max`: measured must be at most the limit (below it, for start-up); `min`: at least. */
  readonly bound: 'max' | 'min';
  readonly passed: boolean;
  readonly unit: string;
}

/** Issue 10's goals, as ratios measured in one sitting. */
export const GOALS = {
  webhookCommandsMax: 8,
  webhookCpuRatioMax: 1.5,
  webhookThroughputRatioMin: 0.7,
  flatCostRatioMax: 1.2,
  listQueriesMax: 3,
  listServerCpuRatioMax: 1.3,
  listTotalCpuRatioMax: 1.1,
  startupMsBelow: 1500,
} as const;

function atMost(goal: string, where: string, measured: number, limit: number, unit: string): GoalResult {
  return { goal, where, measured, limit, bound: 'max', passed: Number.isFinite(measured) && measured <= limit, unit };
}

function atLeast(goal: string, where: string, measured: number, limit: number, unit: string): GoalResult {
  return { goal, where, measured, limit, bound: 'min', passed: Number.isFinite(measured) && measured >= limit, unit };
}

function below(goal: string, where: string, measured: number, limit: number, unit: string): GoalResult {
  return { goal, where, measured, limit, bound: 'max', passed: Number.isFinite(measured) && measured < limit, unit };
}

export function scenarioFigures(result: ScenarioResult): { readonly api: Figures; readonly floor: Figures } {
  return { api: figuresOf(result.api), floor: figuresOf(result.floor) };
}

function sizeLabel(contracts: number): string {
  return `${contracts.toLocaleString('en-US')} contracts`;
}

export function evaluateGoals(sizes: readonly SizeResults[]): GoalResult[] {
  const results: GoalResult[] = [];
  for (const size of sizes) {
    const where = sizeLabel(size.contracts);
    const webhook = scenarioFigures(size.webhooks);
    const list = scenarioFigures(size.list);
    results.push(
      atMost('webhook: database commands per delivery', where, webhook.api.commandsPerOp, GOALS.webhookCommandsMax, ''),
      atMost(
        'webhook: CPU per delivery (server + database), API ÷ floor',
        where,
        webhook.api.totalCpuMsPerOp / webhook.floor.totalCpuMsPerOp,
        GOALS.webhookCpuRatioMax,
        '×',
      ),
      atLeast(
        'webhook: deliveries per second, API ÷ floor',
        where,
        webhook.api.opsPerSecond / webhook.floor.opsPerSecond,
        GOALS.webhookThroughputRatioMin,
        '×',
      ),
      atMost('contract list: database queries per request', where, list.api.commandsPerOp, GOALS.listQueriesMax, ''),
      atMost(
        'contract list: server CPU per request, API ÷ floor',
        where,
        list.api.serverCpuMsPerOp / list.floor.serverCpuMsPerOp,
        GOALS.listServerCpuRatioMax,
        '×',
      ),
      atMost(
        'contract list: CPU per request (server + database), API ÷ floor',
        where,
        list.api.totalCpuMsPerOp / list.floor.totalCpuMsPerOp,
        GOALS.listTotalCpuRatioMax,
        '×',
      ),
    );
  }
  const smallest = sizes[0];
  const largest = sizes[sizes.length - 1];
  if (smallest !== undefined && largest !== undefined && sizes.length > 1) {
    const cost = (size: SizeResults) => scenarioFigures(size.webhooks).api.totalCpuMsPerOp;
    results.push(
      atMost(
        'webhook: CPU per delivery as the database grows, API',
        `${sizeLabel(largest.contracts)} ÷ ${sizeLabel(smallest.contracts)}`,
        cost(largest) / cost(smallest),
        GOALS.flatCostRatioMax,
        '×',
      ),
    );
  }
  if (largest !== undefined) {
    results.push(
      below(
        'start-up to the first 200 on /healthz',
        `${sizeLabel(largest.contracts)}, first start`,
        largest.firstStartMs,
        GOALS.startupMsBelow,
        ' ms',
      ),
    );
    if (largest.restart !== null) {
      results.push(
        below(
          'start-up to the first 200 on /healthz',
          `${sizeLabel(largest.contracts)}, restart after the run's writes`,
          largest.restart.startupMs ?? Number.POSITIVE_INFINITY,
          GOALS.startupMsBelow,
          ' ms',
        ),
      );
    }
  }
  return results;
}

export function allChecks(sizes: readonly SizeResults[]): (Check & { readonly where: string })[] {
  return sizes.flatMap((size) =>
    [size.webhooks, size.storm, size.list].flatMap((result) =>
      result.checks.map((check) => ({ ...check, where: sizeLabel(size.contracts) })),
    ),
  );
}
