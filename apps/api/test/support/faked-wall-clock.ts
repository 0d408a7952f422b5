import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const INSTALL_SCRIPT = join(resolve(dirname(fileURLToPath(import.meta.url)), '../../../..'), 'scripts/install-faketime.sh');
/** The multithreaded build: node runs several threads that read the clock. */
const LIBRARY_NAME = 'libfaketimeMT.so.1';
const DAY_MS = 24 * 60 * 60 * 1000;
/** The Date header has whole seconds and node refreshes it once a second. */
const DATE_HEADER_SLACK_MS = 2_000;
const CLOCK_WAIT_MS = 10_000;

/**
 * One wall clock for several API processes, moved by the test: libfaketime is preloaded into each
 * process and, with FAKETIME_NO_CACHE, reads its offset from one file on every call, so rewriting
 * the file moves every process's `Date.now()` at once (it intercepts clock_gettime). Only the wall
 * clock moves: the monotonic clock, which node's timers and the database driver measure intervals
 * with, stays real (FAKETIME_DONT_FAKE_MONOTONIC), and so do file times (NO_FAKE_STAT).
 */
export interface FakedWallClock {
  /** The variables that put a process on this clock. */
  readonly env: Readonly<Record<string, string>>;
  /** Sets the clock of every process on it `days` ahead of the real time, from their next reading on. */
  setOffsetDays(days: number): void;
  /** The real time now, moved by the current offset. */
  now(): Date;
  /** Waits until the API at `url` answers with a Date header at this clock's time: its clock was moved. */
  waitUntilFollowedBy(url: string): Promise<void>;
  remove(): void;
}

function libfaketimePath(): string | null {
  const candidates = [
    ...readdirSync('/usr/lib', { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => join('/usr/lib', entry.name, 'faketime', LIBRARY_NAME)),
    join('/usr/lib/faketime', LIBRARY_NAME),
  ];
  return candidates.find((candidate) => existsSync(candidate)) ?? null;
}

/** Installs Debian's faketime when it is missing (as root), as the browser setup does for chromium. */
function requireLibfaketime(): string {
  const found = libfaketimePath();
  if (found !== null) return found;
  execFileSync('bash', [INSTALL_SCRIPT], { stdio: ['ignore', 'inherit', 'inherit'] });
  const installed = libfaketimePath();
  if (installed === null) throw new Error(`${LIBRARY_NAME} is still missing after ${INSTALL_SCRIPT}`);
  return installed;
}

async function dateHeaderOf(url: string): Promise<number> {
  const response = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2_000) });
  await response.arrayBuffer();
  const header = response.headers.get('date');
  if (header === null) throw new Error(`${url}/healthz answered without a Date header`);
  return Date.parse(header);
}

export function createFakedWallClock(): FakedWallClock {
  const library = requireLibfaketime();
  const directory = mkdtempSync(join(tmpdir(), 'skillhouse-faketime-'));
  const offsetFile = join(directory, 'offset');
  let offsetDays = 0;
  const write = () => writeFileSync(offsetFile, `+${offsetDays}d\n`);
  write();
  const now = () => new Date(Date.now() + offsetDays * DAY_MS);
  return {
    env: {
      LD_PRELOAD: library,
      FAKETIME_TIMESTAMP_FILE: offsetFile,
      FAKETIME_NO_CACHE: '1',
      FAKETIME_DONT_FAKE_MONOTONIC: '1',
      NO_FAKE_STAT: '1',
    },
    setOffsetDays(days: number) {
      if (!Number.isInteger(days) || days < offsetDays)
        throw new Error(`the clock only moves forward by whole days (now +${offsetDays}d, asked +${days}d)`);
      offsetDays = days;
      write();
    },
    now,
    async waitUntilFollowedBy(url: string) {
      const deadline = Date.now() + CLOCK_WAIT_MS;
      for (;;) {
        const shown = await dateHeaderOf(url);
        const expected = now().getTime();
        if (Math.abs(shown - expected) <= DATE_HEADER_SLACK_MS) return;
        if (Date.now() > deadline) {
          throw new Error(
            `${url} answers at ${new Date(shown).toISOString()}, not at this clock's ${new Date(expected).toISOString()}: libfaketime does not move its clock`,
          );
        }
        await new Promise((resolveWait) => setTimeout(resolveWait, 200));
      }
    },
    remove() {
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
