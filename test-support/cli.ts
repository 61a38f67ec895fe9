import { spawn } from 'node:child_process';
import { join } from 'node:path';

// Runs `taxstation …` as a child process, the way an operator does, and
// collects its exit code and output. Logs are silenced and DATABASE_URL is
// cleared unless the test's env sets them.

export const TAXSTATION_BIN = join(import.meta.dirname, '..', 'bin', 'taxstation.mjs');

export function runCli(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [TAXSTATION_BIN, ...args], {
      env: { ...process.env, TAXSTATION_LOG_LEVEL: 'silent', DATABASE_URL: '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}
