import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { LapsedReviewsReport, RecoveryReport, TransferKind } from '@skillhouse/domain';

/** What happened to a webhook delivery: the payment was recorded, the event acknowledged unused, refused (400), or failed on our side (500, Stripe retries). */
export type WebhookOutcomeLabel = 'recorded' | 'ignored' | 'deferred' | 'refused' | 'failed';

/** Money movements are counted by the kind of the ledger transfer that records them. */
export type MoneyMovementKind = TransferKind;

/** Seconds; from a 5 ms health check to a 100 MiB upload. */
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/**
 * prom-client's default metrics sample the event loop's delay on a timer of their own (perf_hooks'
 * `monitorEventLoopDelay`), and have no option to leave it out. Every sample wakes the process: on
 * the benchmark's machine those wakeups were about 8 % of the API's CPU a contract list while lists
 * waited on the database (performance.md), and the percentiles they fed read the sampling interval
 * on an idle API. So the sampler gets the longest interval a timer takes (about 24.8 days) and its
 * gauges are unregistered. What stays is measured without a timer: the loop's busy time
 * (`nodejs_eventloop_active_seconds_total`) and the lag at the scrape (`nodejs_eventloop_lag_seconds`).
 */
const EVENT_LOOP_SAMPLER_INTERVAL_MS = 2 ** 31 - 1;
const SAMPLED_EVENT_LOOP_GAUGES = ['min', 'max', 'mean', 'stddev', 'p50', 'p90', 'p99'].map(
  (stat) => `nodejs_eventloop_lag_${stat}_seconds`,
);

/**
 * The API's Prometheus metrics, in a registry of its own (a process may hold several apps, as the
 * tests do). Counters count what this process did; Prometheus adds the processes up.
 */
export class ApiMetrics {
  readonly registry = new Registry();

  private readonly requests = new Counter({
    name: 'skillhouse_http_requests_total',
    help: 'HTTP requests answered, by method, route (the route pattern; "unmatched" when no route matched) and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [this.registry],
  });

  private readonly latency = new Histogram({
    name: 'skillhouse_http_request_duration_seconds',
    help: 'Time from the request to the end of its answer, by method, route and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });

  private readonly webhookEvents = new Counter({
    name: 'skillhouse_webhook_events_total',
    help: 'Stripe webhook deliveries by event type ("unknown" when refused before it was read) and outcome',
    labelNames: ['type', 'outcome'] as const,
    registers: [this.registry],
  });

  private readonly moneyMovements = new Counter({
    name: 'skillhouse_money_movements_total',
    help: 'Money movements by kind',
    labelNames: ['kind'] as const,
    registers: [this.registry],
  });

  private readonly moneyPaise = new Counter({
    name: 'skillhouse_money_movements_paise_total',
    help: 'Paise moved, by kind of movement',
    labelNames: ['kind'] as const,
    registers: [this.registry],
  });

  private readonly recoveryBacklog = new Gauge({
    name: 'skillhouse_recovery_operations',
    help: 'The last recovery run: interrupted operations it found (examined), finished, and left failed (retried next run)',
    labelNames: ['result'] as const,
    registers: [this.registry],
  });

  private readonly reviewTimerBacklog = new Gauge({
    name: 'skillhouse_review_timer_escrows',
    help: 'The last review-timer run: escrows whose review period had lapsed (due), released, and failed (retried next run)',
    labelNames: ['result'] as const,
    registers: [this.registry],
  });

  constructor() {
    // Process metrics: memory, CPU, handles, collections, and the event loop's lag at the scrape.
    collectDefaultMetrics({ register: this.registry, eventLoopMonitoringPrecision: EVENT_LOOP_SAMPLER_INTERVAL_MS });
    for (const name of SAMPLED_EVENT_LOOP_GAUGES) this.registry.removeSingleMetric(name);
    // How busy the loop is, from libuv's own accounting read at each scrape: rate() of it is the
    // loop's utilization (1 = saturated), every stall included, however short.
    let countedActiveMs = 0;
    new Counter({
      name: 'nodejs_eventloop_active_seconds_total',
      help: 'Time the event loop spent running callbacks rather than waiting for I/O or timers',
      registers: [this.registry],
      collect() {
        const { active } = performance.eventLoopUtilization();
        // Never negative (a counter's inc throws, and would lose the whole scrape).
        this.inc(Math.max(0, active - countedActiveMs) / 1000);
        countedActiveMs = Math.max(active, countedActiveMs);
      },
    });
  }

  recordRequest(method: string, route: string, status: number, seconds: number): void {
    const labels = { method, route, status: String(status) };
    this.requests.inc(labels);
    this.latency.observe(labels, seconds);
  }

  recordWebhook(type: string, outcome: WebhookOutcomeLabel): void {
    this.webhookEvents.inc({ type, outcome });
  }

  recordMoney(kind: MoneyMovementKind, paise: number): void {
    this.moneyMovements.inc({ kind });
    this.moneyPaise.inc({ kind }, paise);
  }

  recordRecovery(report: RecoveryReport): void {
    this.recoveryBacklog.set({ result: 'examined' }, report.examined);
    this.recoveryBacklog.set({ result: 'finished' }, report.finished);
    this.recoveryBacklog.set({ result: 'failed' }, report.failed);
  }

  recordReviewTimer(report: LapsedReviewsReport): void {
    this.reviewTimerBacklog.set({ result: 'due' }, report.due);
    this.reviewTimerBacklog.set({ result: 'released' }, report.released);
    this.reviewTimerBacklog.set({ result: 'failed' }, report.failed);
  }

  /** The Prometheus text exposition of every metric. */
  text(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
