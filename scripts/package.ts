/**
 * npm run package [-- --stage <stage>]: the deployable stack in .serverless/ (CloudFormation
 * templates and one zip per function), offline: no AWS credentials, no network.
 * OPS_AUTOPILOT_POLICY=<file> derives the stack from another policy than infra/policy.yml.
 */
import { MissingBundlesError } from '../infra/stack/artifacts';
import { packageStack, PackagingError } from '../infra/stack/package';

try {
  const dir = packageStack({ root: process.cwd(), policyFile: process.env.OPS_AUTOPILOT_POLICY, args: process.argv.slice(2) });
  console.log(`packaged into ${dir}`);
} catch (err) {
  if (err instanceof MissingBundlesError || err instanceof PackagingError) {
    console.error(err.message);
    process.exit(1);
  }
  throw err;
}
