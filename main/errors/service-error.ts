import type { BridgeErrorCode, FieldIssue } from '../../shared/bridge';

/** Thrown by a service for a failure the user can act on; the registry turns it into a result with this Dutch message. */
export class ServiceError extends Error {
  constructor(
    readonly code: BridgeErrorCode,
    message: string,
    /** The fields the refusal is about (a duplicate e-mail address: `["user", "email"]`), marked by the form. */
    readonly issues?: readonly FieldIssue[],
  ) {
    super(message);
    this.name = 'ServiceError';
  }
}
