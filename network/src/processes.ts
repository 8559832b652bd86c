import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** What the network remembers about a process it started, so it stops only its own. */
export interface ProcessRecord {
  readonly name: string;
  readonly pid: number;
  /** Kernel start time (clock ticks since boot): a recycled PID has a different one. */
  readonly startTicks: number;
  readonly program: string;
  readonly logFile: string;
}

/** How to start a long-running node. */
export interface StartSpec {
  readonly name: string;
  readonly program: string;
  readonly args: readonly string[];
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
  readonly logFile: string;
}

/** Folder of PID records under the runtime folder. */
export function pidDir(runtime: string): string {
  return path.join(runtime, 'pids');
}

/**
 * Starts a detached process whose output goes to `logFile` and records its PID and start time
 * under `<runtime>/pids/<name>.json`.
 */
export function startProcess(runtime: string, spec: StartSpec): ProcessRecord {
  fs.mkdirSync(path.dirname(spec.logFile), { recursive: true });
  fs.mkdirSync(pidDir(runtime), { recursive: true });
  const log = fs.openSync(spec.logFile, 'a');
  try {
    const child = spawn(spec.program, [...spec.args], {
      cwd: spec.cwd,
      env: spec.env,
      detached: true,
      stdio: ['ignore', log, log],
    });
    if (child.pid === undefined) {
      throw new Error(`could not start ${spec.program} for ${spec.name}`);
    }
    child.unref();
    const record: ProcessRecord = {
      name: spec.name,
      pid: child.pid,
      startTicks: startTicks(child.pid) ?? -1,
      program: spec.program,
      logFile: spec.logFile,
    };
    fs.writeFileSync(recordFile(runtime, spec.name), JSON.stringify(record, null, 2) + '\n');
    return record;
  } finally {
    fs.closeSync(log);
  }
}

/** The records of every process the network started and has not yet forgotten. */
export function listRecords(runtime: string): ProcessRecord[] {
  const dir = pidDir(runtime);
  if (!fs.existsSync(dir)) {
    return [];
  }
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as ProcessRecord);
}

/** The record of `name`, if there is one. */
export function readRecord(runtime: string, name: string): ProcessRecord | undefined {
  const file = recordFile(runtime, name);
  return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as ProcessRecord) : undefined;
}

/** Whether the recorded process is still the one we started (same PID and start time). */
export function isRunning(record: ProcessRecord): boolean {
  const ticks = startTicks(record.pid);
  return ticks !== undefined && (record.startTicks === -1 || ticks === record.startTicks);
}

/**
 * Stops a recorded process: SIGTERM, then SIGKILL after `graceMs`. A PID that now belongs to
 * another process is left alone. The record is removed either way.
 */
export async function stopProcess(runtime: string, record: ProcessRecord, graceMs = 10_000): Promise<boolean> {
  let stopped = false;
  if (isRunning(record)) {
    process.kill(record.pid, 'SIGTERM');
    const deadline = Date.now() + graceMs;
    while (isRunning(record) && Date.now() < deadline) {
      await sleep(100);
    }
    if (isRunning(record)) {
      process.kill(record.pid, 'SIGKILL');
      while (isRunning(record)) {
        await sleep(50);
      }
    }
    stopped = true;
  }
  fs.rmSync(recordFile(runtime, record.name), { force: true });
  return stopped;
}

/** Resolves after `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function recordFile(runtime: string, name: string): string {
  return path.join(pidDir(runtime), `${name}.json`);
}

/** Field 22 of /proc/<pid>/stat; undefined when there is no such process (or it is a zombie). */
function startTicks(pid: number): number | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses: split after its closing paren.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (fields[0] === 'Z') {
      return undefined;
    }
    return Number(fields[19]);
  } catch {
    return undefined;
  }
}
