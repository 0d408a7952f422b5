import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const CHROMIUM_PATH = '/usr/bin/chromium';
const INSTALL_SCRIPT = join(resolve(dirname(fileURLToPath(import.meta.url)), '../../..'), 'scripts/install-browser.sh');

/**
 * The end-to-end project drives Debian's chromium; installing it here when it is missing keeps
 * `pnpm test` working from a fresh clone. When it cannot be installed the script fails the run.
 */
export default function setup(): void {
  if (existsSync(CHROMIUM_PATH)) return;
  execFileSync('bash', [INSTALL_SCRIPT], { stdio: ['ignore', 'inherit', 'inherit'] });
}
