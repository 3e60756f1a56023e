import type { BridgeErrorCode } from '../../shared/bridge';

/** Thrown by a service for a failure the user can act on; the registry turns it into a result with this Dutch message. */
export class ServiceError extends Error {
  constructor(
    readonly code: BridgeErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ServiceError';
  }
}
