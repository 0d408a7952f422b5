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

type Comparison = 'atMost' | 'atLeast' | 'below';

const HOLDS: Record<Comparison, (measured: number, limit: number) => boolean> = {
  atMost: (measured, limit) => measured <= limit,
  atLeast: (measured, limit) => measured >= limit,
  below: (measured, limit) => measured < limit,
};

function judged(comparison: Comparison, goal: string, where: string, measured: number, limit: number, unit: string): GoalResult {
  const bound = comparison === 'atLeast' ? 'min' : 'max';
  return { goal, where, measured, limit, bound, passed: Number.isFinite(measured) && HOLDS[comparison](measured, limit), unit };
}

type ScenarioFigures = ReturnType<typeof scenarioFigures>;

/** One figure of the API's over the floor's. */
function floorRatio(figures: ScenarioFigures, figure: (of: Figures) => number): number {
  return figure(figures.api) / figure(figures.floor);
}

/** The goals each database size is held to. */
const PER_SIZE_GOALS: readonly {
  readonly goal: string;
  readonly comparison: Comparison;
  readonly limit: number;
  readonly unit: string;
  readonly measure: (scenarios: { readonly webhook: ScenarioFigures; readonly list: ScenarioFigures }) => number;
}[] = [
  {
    goal: 'webhook: database commands per delivery',
    comparison: 'atMost',
    limit: GOALS.webhookCommandsMax,
    unit: '',
    measure: ({ webhook }) => webhook.api.commandsPerOp,
  },
  {
    goal: 'webhook: CPU per delivery (server + database), API ÷ floor',
    comparison: 'atMost',
    limit: GOALS.webhookCpuRatioMax,
    unit: '×',
    measure: ({ webhook }) => floorRatio(webhook, (of) => of.totalCpuMsPerOp),
  },
  {
    goal: 'webhook: deliveries per second, API ÷ floor',
    comparison: 'atLeast',
    limit: GOALS.webhookThroughputRatioMin,
    unit: '×',
    measure: ({ webhook }) => floorRatio(webhook, (of) => of.opsPerSecond),
  },
  {
    goal: 'contract list: database queries per request',
    comparison: 'atMost',
    limit: GOALS.listQueriesMax,
    unit: '',
    measure: ({ list }) => list.api.commandsPerOp,
  },
  {
    goal: 'contract list: server CPU per request, API ÷ floor',
    comparison: 'atMost',
    limit: GOALS.listServerCpuRatioMax,
    unit: '×',
    measure: ({ list }) => floorRatio(list, (of) => of.serverCpuMsPerOp),
  },
  {
    goal: 'contract list: CPU per request (server + database), API ÷ floor',
    comparison: 'atMost',
    limit: GOALS.listTotalCpuRatioMax,
    unit: '×',
    measure: ({ list }) => floorRatio(list, (of) => of.totalCpuMsPerOp),
  },
];

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
    const scenarios = { webhook: scenarioFigures(size.webhooks), list: scenarioFigures(size.list) };
    for (const { goal, comparison, limit, unit, measure } of PER_SIZE_GOALS) {
      results.push(judged(comparison, goal, where, measure(scenarios), limit, unit));
    }
  }
  const smallest = sizes[0];
  const largest = sizes[sizes.length - 1];
  if (smallest !== undefined && largest !== undefined && sizes.length > 1) {
    const cost = (size: SizeResults) => scenarioFigures(size.webhooks).api.totalCpuMsPerOp;
    results.push(
      judged(
        'atMost',
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
      judged(
        'below',
        'start-up to the first 200 on /healthz',
        `${sizeLabel(largest.contracts)}, first start`,
        largest.firstStartMs,
        GOALS.startupMsBelow,
        ' ms',
      ),
    );
    if (largest.restart !== null) {
      results.push(
        judged(
          'below',
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
