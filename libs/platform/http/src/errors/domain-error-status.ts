import { DomainError } from '@strata/contracts';

/** A rule of the domain said no: `DomainError` of `@strata/contracts`. */
export type DomainErrorLike = DomainError;

/** Whether `error` is a `DomainError` (Node's system errors carry a `code` too, and stay 500s). */
export function isDomainErrorLike(error: unknown): error is DomainErrorLike {
  return error instanceof DomainError;
}

/** Exact domain codes and the status they answer with; merged with (and overriding) suffix rules. */
export type DomainErrorStatuses = Readonly<Record<string, number>>;

export const DEFAULT_DOMAIN_ERROR_STATUSES: DomainErrorStatuses = {
  job_terminal: 409,
  idempotency_key_reused: 409,
  forbidden: 403,
  /** A disabled schedule never fires, not even by hand. */
  schedule_disabled: 409,
};

/** Domain codes by suffix (`job_not_found` → 404), after the exact table. */
export const DOMAIN_ERROR_SUFFIX_STATUSES: readonly (readonly [suffix: string, status: number])[] = [
  ['_not_found', 404],
  ['_exists', 409],
  ['_conflict', 409],
  ['_forbidden', 403],
];

/** Status of a domain error that neither the table nor a suffix rule knows: the request was refused. */
export const UNMAPPED_DOMAIN_ERROR_STATUS = 400;

/** `*_not_found` → 404, `*_exists`/`*_conflict` → 409, table entries win, anything else → 400. */
export function statusForDomainCode(code: string, table: DomainErrorStatuses = DEFAULT_DOMAIN_ERROR_STATUSES): number {
  const exact = table[code];
  if (exact !== undefined) return exact;
  const bySuffix = DOMAIN_ERROR_SUFFIX_STATUSES.find(([suffix]) => code.endsWith(suffix));
  return bySuffix ? bySuffix[1] : UNMAPPED_DOMAIN_ERROR_STATUS;
}
