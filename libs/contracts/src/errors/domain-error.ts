/**
 * A rule of the domain said no. `code` is machine-readable; the API maps it to a status. Lives in
 * contracts, the shared language, so the HTTP layer (a platform lib, which may not import domain
 * libs) recognises it with `instanceof`.
 */
export class DomainError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}
