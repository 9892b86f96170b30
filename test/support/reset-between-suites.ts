/** Each integration suite starts from an empty embedded AWS. */
import { resetEmbeddedAws } from '../../infra/local/moto';

// The functions log every decision at INFO; in test output only warnings and errors help.
process.env.POWERTOOLS_LOG_LEVEL ??= 'WARN';

beforeAll(async () => {
  const endpoint = process.env.AWS_ENDPOINT_URL;
  if (!endpoint) throw new Error('AWS_ENDPOINT_URL is not set: integration tests run under the embedded AWS global setup');
  await resetEmbeddedAws(endpoint);
});
