/**
 * A failed reply carries its reason in these headers (the names NATS micro-services use) and no
 * payload, so a successful reply stays exactly the handler's JSON result.
 */
export const SERVICE_ERROR_HEADER = 'Nats-Service-Error';
export const SERVICE_ERROR_CODE_HEADER = 'Nats-Service-Error-Code';

/** The request could not be read (not JSON, or not matching the responder's schema). */
export const BAD_REQUEST = 400;
/** The handler failed. */
export const HANDLER_FAILED = 500;
