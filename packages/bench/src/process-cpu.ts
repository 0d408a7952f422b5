import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

/** Linux reports utime and stime in clock ticks of USER_HZ, which is 100 on every architecture Node runs on. */
const CLOCK_TICKS_PER_SECOND = 100;

interface ProcessTimes {
  readonly pid: number;
  readonly parentPid: number;
  /** utime + stime, in milliseconds. */
  readonly cpuMs: number;
}

/** Fields of /proc/<pid>/stat after the command name, which may itself hold spaces and parentheses. */
export function parseStat(stat: string): ProcessTimes {
  const pid = Number.parseInt(stat, 10);
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // fields[0] is field 3 (state): ppid is field 4, utime 14, stime 15.
  const parentPid = Number(fields[1]);
  const ticks = Number(fields[11]) + Number(fields[12]);
  return { pid, parentPid, cpuMs: (ticks * 1000) / CLOCK_TICKS_PER_SECOND };
}

function readTimes(pid: number): ProcessTimes | null {
  try {
    return parseStat(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return null;
  }
}

function allProcesses(): ProcessTimes[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .flatMap((name) => readTimes(Number(name)) ?? []);
}

/**
 * CPU time (user + system, ms) used so far by a process and every live descendant: `pnpm start`
 * runs the API in a child of tsx, itself a child of pnpm, and all of them count.
 */
export function treeCpuMs(rootPid: number): number {
  const processes = allProcesses();
  const children = new Map<number, ProcessTimes[]>();
  for (const entry of processes) children.set(entry.parentPid, [...(children.get(entry.parentPid) ?? []), entry]);
  const root = processes.find((entry) => entry.pid === rootPid);
  if (root === undefined) throw new Error(`process ${rootPid} is not running`);
  let total = 0;
  const stack = [root];
  while (stack.length > 0) {
    const entry = stack.pop()!;
    total += entry.cpuMs;
    stack.push(...(children.get(entry.pid) ?? []));
  }
  return total;
}

/** The socket inodes listening on `port` on any address, from /proc/net/tcp and tcp6. */
function listeningInodes(port: number): Set<string> {
  const inodes = new Set<string>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text: string;
    try {
      text = readFileSync(table, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const columns = line.trim().split(/\s+/);
      const local = columns[1];
      const state = columns[3];
      const inode = columns[9];
      if (local === undefined || inode === undefined || state !== '0A') continue;
      if (Number.parseInt(local.split(':')[1] ?? '', 16) === port) inodes.add(inode);
    }
  }
  return inodes;
}

/** The process that listens on a local TCP port (FerretDB, or a local mongod), or null when none is visible. */
export function pidListeningOn(port: number): number | null {
  const inodes = listeningInodes(port);
  if (inodes.size === 0) return null;
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    let descriptors: string[];
    try {
      descriptors = readdirSync(`/proc/${name}/fd`);
    } catch {
      continue;
    }
    for (const descriptor of descriptors) {
      try {
        const match = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${name}/fd/${descriptor}`));
        if (match !== null && inodes.has(match[1]!)) return Number(name);
      } catch {
        // The descriptor closed while we looked.
      }
    }
  }
  return null;
}
