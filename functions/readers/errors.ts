/** A reader endpoint or readers parameter that AWS refuses to change: a person must fix the zone, the parameter or the role. */
import { OpsAutopilotError } from '../errors';

export class ReaderPublicationError extends OpsAutopilotError {
  override name = 'ReaderPublicationError';

  constructor(
    message: string,
    /** What failed, for the alert's identity: `zone Z…` or `parameter /…`. */
    readonly where: string,
    /** The AWS error's name: a different problem with the same place is a new alert. */
    readonly code: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
