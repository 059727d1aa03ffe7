// Runs one bench script in a child Node process for bench/run.mjs: its output still reaches the
// terminal as it comes (a load run takes minutes, so it is not held until the end) and is kept for
// bench/RESULTS.md. A child that knows how (bench/bulk.ts, bench/load.mjs) also writes its tables
// as JSON to the file named by BENCH_TABLES_FILE, so they land there as tables, not as text.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * `args` after `node`. Resolves { status, signal, stdout, stderr, tables, notes } once the child
 * has exited; tables and notes are empty unless the child wrote them.
 */
export async function runChild(args) {
  const dir = mkdtempSync(join(tmpdir(), 'mwap-bench-'));
  const tablesFile = join(dir, 'tables.json');
  try {
    const outcome = await new Promise((resolve) => {
      const child = spawn(process.execPath, args, {
        stdio: ['inherit', 'pipe', 'pipe'],
        env: { ...process.env, BENCH_TABLES_FILE: tablesFile },
      });
      const stdout = [];
      const stderr = [];
      child.stdout.on('data', (chunk) => (process.stdout.write(chunk), stdout.push(chunk)));
      child.stderr.on('data', (chunk) => (process.stderr.write(chunk), stderr.push(chunk)));
      child.on('error', (error) => stderr.push(Buffer.from(`${error.message}\n`)));
      child.on('close', (status, signal) =>
        resolve({ status, signal, stdout: Buffer.concat(stdout).toString(), stderr: Buffer.concat(stderr).toString() }),
      );
    });
    return { ...outcome, ...readTables(tablesFile) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function readTables(file) {
  let parsed;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return { tables: [], notes: [] }; // not written: the child has no tables to give, or stopped before them
  }
  return { tables: parsed.tables ?? [], notes: parsed.notes ?? [] };
}
