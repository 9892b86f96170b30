// Runs moto_server as a child and stops it when the process that started us goes away,
// however that happens (normal exit, Ctrl-C, a crash, SIGKILL): our stdin is a pipe from
// that process, and the OS closes it when the process dies.
import { spawn } from 'node:child_process';
import { openSync } from 'node:fs';

const [host, port, logFile] = process.argv.slice(2);
// moto logs every request on stderr; keep it out of test output unless a log file is asked for.
const log = logFile ? openSync(logFile, 'a') : 'ignore';
const moto = spawn('moto_server', ['-H', host, '-p', port], { stdio: ['ignore', log, log] });

let stopping = false;
function stop() {
  if (stopping) return;
  stopping = true;
  moto.kill('SIGTERM');
  setTimeout(() => moto.kill('SIGKILL'), 3000).unref();
}

moto.on('error', (err) => {
  console.error(`moto-guard: cannot start moto_server: ${err.message}`);
  process.exit(127);
});
moto.on('exit', (code, signal) => process.exit(signal ? 0 : (code ?? 0)));
process.stdin.on('end', stop);
process.stdin.on('close', stop);
process.stdin.resume();
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, stop);
