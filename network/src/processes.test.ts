import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { isRunning, listRecords, readRecord, startProcess, stopProcess } from './processes';

describe('process records', () => {
  let runtime: string;
  beforeEach(() => {
    runtime = fs.mkdtempSync(path.join(os.tmpdir(), 'ndi-proc-'));
  });
  afterEach(async () => {
    for (const record of listRecords(runtime)) {
      await stopProcess(runtime, record, 1000);
    }
    fs.rmSync(runtime, { recursive: true, force: true });
  });

  it('starts a detached process with its output in a log file and stops it by PID', async () => {
    const record = startProcess(runtime, {
      name: 'sleeper',
      program: 'bash',
      args: ['-c', 'echo started; exec sleep 30'],
      env: { PATH: process.env.PATH },
      cwd: runtime,
      logFile: path.join(runtime, 'logs', 'sleeper.log'),
    });
    expect(isRunning(record)).toBe(true);
    expect(readRecord(runtime, 'sleeper')?.pid).toBe(record.pid);
    // Let it write before stopping it: under load the signal can otherwise beat the echo.
    for (let i = 0; i < 100 && !fs.readFileSync(record.logFile, 'utf8').includes('started'); i++) {
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(await stopProcess(runtime, record, 2000)).toBe(true);
    expect(isRunning(record)).toBe(false);
    expect(readRecord(runtime, 'sleeper')).toBeUndefined();
    expect(fs.readFileSync(record.logFile, 'utf8')).toContain('started');
  });

  it('never signals a PID whose start time differs from the record (a recycled PID)', async () => {
    const record = startProcess(runtime, {
      name: 'other',
      program: 'sleep',
      args: ['30'],
      env: { PATH: process.env.PATH },
      cwd: runtime,
      logFile: path.join(runtime, 'other.log'),
    });
    const impostor = { ...record, startTicks: record.startTicks - 1 };
    expect(isRunning(impostor)).toBe(false);
    expect(await stopProcess(runtime, impostor, 500)).toBe(false);
    expect(isRunning(record)).toBe(true); // still alive: only the stale record was dropped
    process.kill(record.pid, 'SIGKILL');
  });
});
