/** Base class of every error the read store raises on purpose. */
export abstract class ReadStoreError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** `defineCollection` was given a name, field path or index type the stores cannot hold. */
export class InvalidCollectionDefinitionError extends ReadStoreError {}

/** A filter or sort named a field the collection does not index; storage was not touched. */
export class UnindexedFieldError extends ReadStoreError {
  constructor(
    readonly collection: string,
    readonly field: string,
    readonly indexedFields: readonly string[],
  ) {
    super(
      `collection "${collection}" has no index on "${field}"; indexed fields: ${indexedFields.join(', ') || '(none)'}`,
    );
  }
}

/** A query was malformed (unknown operator, value of the wrong type, bad limit); storage was not touched. */
export class InvalidQueryError extends ReadStoreError {}

/** A cursor that is corrupt or was issued for another query, tenant or collection. */
export class InvalidCursorError extends ReadStoreError {}

/** A document the store refuses (not an object, or an indexed field of the wrong type); nothing was written. */
export class InvalidDocumentError extends ReadStoreError {}

/** A tenant id, document id, projection name or checkpoint value that is not a usable string. */
export class InvalidArgumentError extends ReadStoreError {}

/** `STRATA_READ_STORE` (or a location object) names no supported store. */
export class InvalidReadStoreConfigError extends ReadStoreError {}

/** The store was used after `close()`. */
export class ReadStoreClosedError extends ReadStoreError {
  constructor() {
    super('the read store is closed');
  }
}
