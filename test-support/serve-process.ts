// Test and bench support (not a test): `taxstation serve` in a process of its
// own, for what only several processes show (LISTEN/NOTIFY between nodes,
// limits shared through the database).
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

export interface ServeProcess {
  child: ChildProcess;
  /** http://127.0.0.1:PORT */
  base: string;
  stop(): Promise<void>;
}

/** Starts `serve --no-work --port 0` with env added to this process's; resolves once it prints its address. */
export function startServeProcess(env: Record<string, string>): Promise<ServeProcess> {
  const child = spawn(process.execPath, [join(import.meta.dirname, '..', 'bin', 'taxstation.mjs'), 'serve', '--no-work', '--port', '0'], {
    env: { ...(process.env as Record<string, string>), TAXSTATION_LOG_LEVEL: 'silent', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  };
  return new Promise((resolve, reject) => {
    let out = '';
    let started = false;
    child.stdout!.on('data', (chunk: Buffer) => {
      // Read to the end, so a chatty log never fills the pipe and stalls the server; kept only until it has started.
      if (started) return;
      out += chunk.toString();
      const m = /running at (http:\/\/[^\s]+?)\/?\s/.exec(out);
      if (m) {
        started = true;
        resolve({ child, base: m[1]!.replace('localhost', '127.0.0.1'), stop });
      }
    });
    child.once('exit', (code) => reject(new Error(`serve exited with ${code}: ${out}`)));
  });
}
