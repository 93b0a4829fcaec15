/** The report files' store (a `BlobStore`) the reports modules share. */
export const REPORT_BLOB_STORE = Symbol.for('strata:ReportBlobStore');
