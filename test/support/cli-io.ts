/** A CliIo that keeps what a command writes, plain (no colours), for tests that run the CLI in-process. */
import type { CliIo } from '../../functions/cli/io';
import { createStyle } from '../../functions/cli/style';

export function capturedIo(): CliIo & { stdout: () => string; stderr: () => string } {
  let stdout = '';
  let stderr = '';
  return {
    out: (text) => (stdout += text),
    err: (text) => (stderr += text),
    style: createStyle(false),
    stdout: () => stdout,
    stderr: () => stderr,
  };
}
