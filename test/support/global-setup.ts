/** Starts one embedded AWS for the whole integration run; its endpoint reaches every test worker through the environment. */
import { awsEnvironment, startEmbeddedAws, type EmbeddedAws } from '../../infra/local/moto';

declare global {
  var __embeddedAws: EmbeddedAws | undefined;
}

export default async function globalSetup(): Promise<void> {
  const aws = await startEmbeddedAws();
  globalThis.__embeddedAws = aws;
  // Few attempts: moto answers unknown errors with HTML 500s, and each retry only slows the failure.
  Object.assign(process.env, awsEnvironment(aws.endpoint), { OPS_AUTOPILOT_MAX_ATTEMPTS: '2' });
}
