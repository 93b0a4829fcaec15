import { Inject, Injectable } from '@nestjs/common';
import type { ReadStore } from '@strata/platform-read-store';
import { READ_STORE } from '@strata/platform-runtime';
import { NodeDetails } from './get-node/node-details';
import { GraphSummaryReader } from './graph-summary/graph-summary-reader';
import { EdgeListing } from './list-edges/edge-listing';
import { JobChangeListing } from './job-changes/job-change-listing';
import { JobChangeSummaryReader } from './job-changes/job-change-summary-reader';
import { NodeListing } from './list-nodes/node-listing';
import { NodeHistoryReader } from './node-history/node-history-reader';
import { NeighborTraversal } from './node-neighbors/neighbor-traversal';

/** The Graph API's use cases over the app's read store (the one inventory writes). */
@Injectable()
export class GraphApiService {
  readonly nodes: NodeListing;
  readonly details: NodeDetails;
  readonly neighbors: NeighborTraversal;
  readonly history: NodeHistoryReader;
  readonly edges: EdgeListing;
  readonly summary: GraphSummaryReader;
  readonly changes: JobChangeListing;
  readonly changeSummary: JobChangeSummaryReader;

  constructor(@Inject(READ_STORE) readStore: ReadStore) {
    this.nodes = new NodeListing(readStore);
    this.edges = new EdgeListing(readStore);
    this.details = new NodeDetails(readStore, this.edges);
    this.neighbors = new NeighborTraversal(readStore);
    this.history = new NodeHistoryReader(readStore);
    this.summary = new GraphSummaryReader(readStore);
    this.changes = new JobChangeListing(readStore);
    this.changeSummary = new JobChangeSummaryReader(readStore);
  }
}
