/**
 * The embedded AWS: starts `moto_server` on a free loopback port, waits until it answers,
 * and always stops it. A guard process between us and moto stops the server when we die,
 * so no emulator is ever left running behind a crashed test or a Ctrl-C.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';

export const LOCAL_REGION = 'us-east-1';
export const LOCAL_ACCOUNT = '123456789012';

export interface EmbeddedAws {
  endpoint: string;
  pid: number;
  stop(): Promise<void>;
}

export class MotoNotInstalledError extends Error {
  override name = 'MotoNotInstalledError';
  constructor() {
    super('moto_server is not on PATH: install the embedded AWS with  pip install "moto[server]"  (Python 3.9+)');
  }
}

export function motoInstalled(): boolean {
  return spawnSync('moto_server', ['--help'], { stdio: 'ignore' }).status === 0;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function waitUntilAnswering(endpoint: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`moto_server exited early with code ${child.exitCode}`);
    try {
      const res = await fetch(`${endpoint}/moto-api/data.json`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`moto_server did not answer on ${endpoint} within ${timeoutMs} ms`);
}

/** Environment the AWS SDK v3 reads to reach the embedded AWS with dummy credentials. */
export function awsEnvironment(endpoint: string): Record<string, string> {
  return {
    AWS_ENDPOINT_URL: endpoint,
    AWS_REGION: LOCAL_REGION,
    AWS_DEFAULT_REGION: LOCAL_REGION,
    AWS_ACCESS_KEY_ID: 'testing',
    AWS_SECRET_ACCESS_KEY: 'testing',
  };
}

export async function startEmbeddedAws(options: { startTimeoutMs?: number } = {}): Promise<EmbeddedAws> {
  if (!motoInstalled()) throw new MotoNotInstalledError();
  const port = await freePort();
  const endpoint = `http://127.0.0.1:${port}`;
  const logFile = process.env.OPS_AUTOPILOT_MOTO_LOG ?? '';
  const guard = spawn(process.execPath, [join(__dirname, 'moto-guard.mjs'), '127.0.0.1', String(port), logFile], {
    stdio: ['pipe', 'ignore', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => guard.once('exit', () => resolve()));
  const stop = async (): Promise<void> => {
    if (guard.exitCode !== null || guard.signalCode !== null) return;
    guard.stdin?.end();
    guard.kill('SIGTERM');
    await exited;
  };
  try {
    await waitUntilAnswering(endpoint, guard, options.startTimeoutMs ?? 30_000);
  } catch (err) {
    await stop();
    throw err;
  }
  return { endpoint, pid: guard.pid ?? -1, stop };
}

export async function resetEmbeddedAws(endpoint: string): Promise<void> {
  const res = await fetch(`${endpoint}/moto-api/reset`, { method: 'POST' });
  if (!res.ok) throw new Error(`moto reset failed: HTTP ${res.status}`);
}
