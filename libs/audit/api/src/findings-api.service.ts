import { Inject, Injectable } from '@nestjs/common';
import type { ReadStore } from '@strata/platform-read-store';
import { READ_STORE } from '@strata/platform-runtime';
import { CompliancePosture } from './compliance/compliance-posture';
import { FINDINGS_CATALOG, FindingsCatalog, TenantCatalogs } from './findings-catalog';
import { FindingDetails } from './get-finding/finding-details';
import { FindingListing } from './list-findings/finding-listing';
import { FindingsSummaryReader } from './summary/findings-summary-reader';

/** The Findings API's use cases over the app's read store (the one the audit engine writes). */
@Injectable()
export class FindingsApiService {
  readonly findings: FindingListing;
  readonly details: FindingDetails;
  readonly summary: FindingsSummaryReader;
  readonly compliance: CompliancePosture;
  readonly catalogs: TenantCatalogs;

  constructor(@Inject(READ_STORE) readStore: ReadStore, @Inject(FINDINGS_CATALOG) catalog: FindingsCatalog) {
    const catalogs = new TenantCatalogs(readStore, catalog);
    this.catalogs = catalogs;
    this.findings = new FindingListing(readStore, catalogs);
    this.details = new FindingDetails(readStore, catalogs);
    this.summary = new FindingsSummaryReader(readStore, catalogs);
    this.compliance = new CompliancePosture(readStore, catalogs);
  }
}
