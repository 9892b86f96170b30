/** Starts one embedded AWS for the whole integration run; its endpoint reaches every test worker through the environment. */
import { awsEnvironment, startEmbeddedAws, type EmbeddedAws } from '../../infra/local/moto';

declare global {
  var __embeddedAws: EmbeddedAws | undefined;
}

export default async function globalSetup(): Promise<void> {
  const aws = await startEmbeddedAws();
  globalThis.__embeddedAws = aws;
  // Few attempts: moto answers unknown errors with HTML 500s, and each retry only slows the failure.
  // The SDK's Node 20 notice says nothing about the code under test.
  Object.assign(process.env, awsEnvironment(aws.endpoint), { OPS_AUTOPILOT_MAX_ATTEMPTS: '2', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' });
}
