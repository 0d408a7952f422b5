import { allChecks, evaluateGoals, scenarioFigures, type GoalResult, type SizeResults } from './goals.ts';
import type { Figures, Sample } from './measurement.ts';
import type { ScenarioResult } from './scenarios.ts';
import { MONITORING_COMMANDS, tallyKey, type WireCommand } from './wire-proxy.ts';

export interface RunDescription {
  readonly date: string;
  readonly database: string;
  readonly apiStartCommand: string;
  /** The collector flags of the API's command, which the floor is started with too. */
  readonly floorCollectorFlags: readonly string[];
  readonly machine: string;
  readonly settings: string;
}

export interface RunResults {
  readonly description: RunDescription;
  /** The API's start on the empty template database. */
  readonly emptyStartMs: number;
  readonly deliveryTrace: readonly WireCommand[];
  readonly sizes: readonly SizeResults[];
}

const SEPARATOR = ' | ';

function floorFlags(flags: readonly string[]): string {
  return flags.length === 0 ? 'no collector flags' : `the same collector flags (${flags.map((flag) => `\`${flag}\``).join(' ')})`;
}

function row(cells: readonly string[]): string {
  return `| ${cells.join(SEPARATOR)} |`;
}

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  return [row(header), row(header.map(() => '---')), ...rows.map(row)].join('\n');
}

function fixed(value: number | null, digits: number): string {
  return value === null || !Number.isFinite(value) ? 'n/a' : value.toFixed(digits);
}

function ratio(api: number | null, floor: number | null): string {
  return api === null || floor === null || floor === 0 ? 'n/a' : `${(api / floor).toFixed(2)}×`;
}

function count(value: number): string {
  return value.toLocaleString('en-US');
}

function figureCells(figures: Figures, sample: Sample): string[] {
  return [
    count(sample.ops),
    fixed(figures.commandsPerOp, 1),
    fixed(figures.serverCpuMsPerOp, 2),
    fixed(figures.dbCpuMsPerOp, 2),
    fixed(figures.totalCpuMsPerOp, 2),
    fixed(figures.opsPerSecond, 1),
    fixed(figures.p50Ms, 1),
    fixed(figures.p99Ms, 1),
  ];
}

function ratioCells(api: Figures, floor: Figures): string[] {
  return [
    '',
    ratio(api.commandsPerOp, floor.commandsPerOp),
    ratio(api.serverCpuMsPerOp, floor.serverCpuMsPerOp),
    ratio(api.dbCpuMsPerOp, floor.dbCpuMsPerOp),
    ratio(api.totalCpuMsPerOp, floor.totalCpuMsPerOp),
    ratio(api.opsPerSecond, floor.opsPerSecond),
    ratio(api.p50Ms, floor.p50Ms),
    ratio(api.p99Ms, floor.p99Ms),
  ];
}

function scenarioRows(name: string, contracts: number, result: ScenarioResult): string[][] {
  const { api, floor } = scenarioFigures(result);
  return [
    [name, count(contracts), 'API', ...figureCells(api, result.api)],
    ['', '', 'floor', ...figureCells(floor, result.floor)],
    ['', '', '**API ÷ floor**', ...ratioCells(api, floor).map((cell) => (cell === '' ? '' : `**${cell}**`))],
  ];
}

function perOperationTable(run: RunResults, settings: { webhooks: string; storm: string; list: string }): string {
  const rows = run.sizes.flatMap((size) => [
    ...scenarioRows(settings.webhooks, size.contracts, size.webhooks),
    ...scenarioRows(settings.storm, size.contracts, size.storm),
    ...scenarioRows(settings.list, size.contracts, size.list),
  ]);
  return table(
    [
      'scenario',
      'contracts',
      'server',
      'ops measured',
      'DB commands / op',
      'server CPU ms / op',
      'DB CPU ms / op',
      'total CPU ms / op',
      'ops / s',
      'p50 ms',
      'p99 ms',
    ],
    rows,
  );
}

function startupTable(run: RunResults): string {
  const rows: string[][] = [['empty database (the template run)', fixed(run.emptyStartMs, 0)]];
  for (const size of run.sizes) {
    rows.push([`${count(size.contracts)} contracts, first start`, fixed(size.firstStartMs, 0)]);
    if (size.restart !== null) {
      rows.push([
        `${count(size.contracts)} contracts, restart after the run (${count(size.restart.recentStreams)} streams written in the last 24 h)`,
        size.restart.startupMs === null ? `> ${size.restart.limitMs} (no answer yet; stopped)` : fixed(size.restart.startupMs, 0),
      ]);
    }
  }
  return table(['database', 'API start to the first 200 on /healthz, ms'], rows);
}

function goalsTable(goals: readonly GoalResult[]): string {
  return table(
    ['goal', 'where', 'measured', 'limit', 'met'],
    goals.map((goal) => [
      goal.goal,
      goal.where,
      goal.measured === Number.POSITIVE_INFINITY
        ? 'did not start in time'
        : `${fixed(goal.measured, goal.unit === ' ms' ? 0 : 2)}${goal.unit}`,
      `${goal.bound === 'max' ? (goal.unit === ' ms' ? '<' : '≤') : '≥'} ${goal.limit}${goal.unit}`,
      goal.passed ? 'yes' : '**no**',
    ]),
  );
}

/** Each command's count per operation, monitoring left out. */
function perCommand(commands: ReadonlyMap<string, number>, ops: number): Map<string, number> {
  const perOp = new Map<string, number>();
  for (const [key, total] of commands) {
    if (MONITORING_COMMANDS.has(key.split(' ')[0] ?? '')) continue;
    perOp.set(key, total / ops);
  }
  return perOp;
}

/**
 * Both servers' commands per operation, and how many of the API's its client gave up on (a socket
 * timeout: the driver then sends a read again, so it counts twice).
 */
function commandBreakdownTable(result: ScenarioResult, operation: string): string {
  const api = perCommand(result.api.commands, result.api.ops);
  const abandoned = perCommand(result.api.abandoned, result.api.ops);
  const floor = perCommand(result.floor.commands, result.floor.ops);
  const keys = [...new Set([...api.keys(), ...floor.keys()])].sort(
    (left, right) => (api.get(right) ?? 0) - (api.get(left) ?? 0) || left.localeCompare(right),
  );
  return table(
    ['command', 'collection', `API per ${operation}`, 'of which the API gave up on', `floor per ${operation}`],
    keys.map((key) => {
      const [name, collection] = key.split(' ');
      return [name ?? '', collection ?? '', fixed(api.get(key) ?? 0, 2), fixed(abandoned.get(key) ?? 0, 2), fixed(floor.get(key) ?? 0, 2)];
    }),
  );
}

/** The trace as runs of the same command: `find job_events ×3`. */
function traceText(trace: readonly WireCommand[]): string {
  const runs: { key: string; times: number }[] = [];
  for (const command of trace) {
    const key = tallyKey(command);
    const last = runs[runs.length - 1];
    if (last?.key === key) last.times += 1;
    else runs.push({ key, times: 1 });
  }
  return runs.map((entry, index) => `${index + 1}. ${entry.key}${entry.times > 1 ? ` ×${entry.times}` : ''}`).join('\n');
}

function stormWallTimes(run: RunResults): string {
  return run.sizes
    .map(
      (size) =>
        `${count(size.contracts)} contracts: API ${fixed(size.storm.api.wallMs / 1000, 2)} s, floor ${fixed(size.storm.floor.wallMs / 1000, 2)} s`,
    )
    .join('; ');
}

/** The whole report, in markdown; its tables paste into docs/performance.md. */
export function renderReport(
  run: RunResults,
  names: { webhooks: string; storm: string; list: string },
): { markdown: string; passed: boolean } {
  const goals = evaluateGoals(run.sizes);
  const checks = allChecks(run.sizes);
  const failedChecks = checks.filter((check) => !check.passed);
  const largest = run.sizes[run.sizes.length - 1];
  const sections = [
    `## Benchmark run of ${run.description.date}`,
    `${run.description.database}; the API started with \`${run.description.apiStartCommand}\`, the floor with ${floorFlags(run.description.floorCollectorFlags)}; ${run.description.machine}. ${run.description.settings}`,
    '### Per operation, the API beside the floor',
    perOperationTable(run, names),
    `Storm wall time (all deliveries of the one session answered): ${stormWallTimes(run)}.`,
    '### Start-up',
    startupTable(run),
    '### Goals',
    goalsTable(goals),
  ];
  if (largest !== undefined) {
    sections.push(
      `### Database commands per webhook delivery, by command and collection (${count(largest.contracts)} contracts)`,
      commandBreakdownTable(largest.webhooks, 'delivery'),
      `### Database queries per contract list, by command and collection (${count(largest.contracts)} contracts)`,
      commandBreakdownTable(largest.list, 'list'),
    );
  }
  sections.push(
    '### One webhook delivery to the API, command by command (on the empty template database)',
    '```',
    traceText(run.deliveryTrace),
    '```',
  );
  sections.push(
    '### Checks',
    failedChecks.length === 0
      ? `All ${checks.length} checks passed (no failed request; one escrow and one contract per storm; the floor's records and list bytes are the API's).`
      : failedChecks.map((check) => `- **failed** (${check.where}) ${check.name}: ${check.detail}`).join('\n'),
  );
  return { markdown: sections.join('\n\n'), passed: failedChecks.length === 0 && goals.every((goal) => goal.passed) };
}
