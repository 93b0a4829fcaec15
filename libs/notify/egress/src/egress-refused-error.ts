/** A connection or redirect refused by the egress policy; `reason` is fit to show the user. */
export class EgressRefusedError extends Error {
  override readonly name = 'EgressRefusedError';
  readonly code = 'EGRESS_REFUSED';

  constructor(readonly reason: string) {
    super(`egress refused: ${reason}`);
  }
}
