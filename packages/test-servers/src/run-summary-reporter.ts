import type { Reporter, TestModule } from 'vitest/node';

/** Projects whose tests need real servers: in CI, a run where none of them passed is a failure. */
const PROJECTS_REQUIRED_IN_CI = ['integration', 'e2e'];

/**
 * Ends every run with one plain `N passed, N failed, N skipped` line, and in CI fails the run when a
 * server-backed project ran no passing test: such a suite must never skip silently.
 */
export default class RunSummaryReporter implements Reporter {
  onTestRunEnd(testModules: readonly TestModule[]): void {
    const counts = { passed: 0, failed: 0, skipped: 0 };
    const passedByProject = new Map<string, number>();
    for (const module of testModules) {
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') {
          counts.passed += 1;
          passedByProject.set(module.project.name, (passedByProject.get(module.project.name) ?? 0) + 1);
        } else if (state === 'failed') counts.failed += 1;
        else counts.skipped += 1;
      }
    }
    process.stdout.write(`\nTests: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped\n`);
    if (process.env['CI'] !== 'true') return;
    for (const project of PROJECTS_REQUIRED_IN_CI) {
      if ((passedByProject.get(project) ?? 0) === 0) {
        process.stderr.write(`CI: the ${project} project ran no passing test; its servers must run in CI\n`);
        process.exitCode = 1;
      }
    }
  }
}
