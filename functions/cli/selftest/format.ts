/** `selftest`'s human-readable output: one line per hop, ok or failed with its reason. */
import type { Style } from '../style';
import type { Hop, SelftestResult } from './hops';

function mark(hop: Hop, style: Style): string {
  switch (hop.status) {
    case 'ok':
      return style.green('ok     ');
    case 'failed':
      return style.red('FAILED ');
    case 'unknown':
      return style.yellow('unknown');
    case 'skipped':
      return style.dim('skipped');
  }
}

export function formatSelftest(result: SelftestResult, style: Style): string {
  const where = `region ${result.region}${result.endpoint ? ` via ${result.endpoint}` : ''}`;
  const lines = [style.dim(`Self-test of stage ${result.stage} (${where}), alarm ${result.alarm}`), ''];
  for (const hop of result.hops) {
    const [first = '', ...rest] = hop.detail.split('\n');
    lines.push(`  ${mark(hop, style)} ${hop.hop.padEnd(8)} ${first}`, ...rest.map((line) => `                   ${line}`));
  }
  lines.push('', result.passed ? style.green('Self-test passed: nothing was changed.') : style.red('Self-test failed.'));
  return `${lines.join('\n')}\n`;
}
