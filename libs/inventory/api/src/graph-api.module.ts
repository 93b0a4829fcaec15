import { Module } from '@nestjs/common';
import { GraphApiService } from './graph-api.service';
import { EdgesController } from './http/edges.controller';
import { GraphSummaryController } from './http/graph-summary.controller';
import { JobChangesController } from './http/job-changes.controller';
import { NodesController } from './http/nodes.controller';

/**
 * The Graph API under `/api/v1/tenants/{tenantID}/` (`nodes`, `edges`, `graph/summary`,
 * `jobs/{jobID}/changes`, `jobs/{jobID}/changes/summary`), all
 * `nodes:read`. Reads the graph inventory writes; the app provides the read store under READ_STORE.
 */
@Module({ controllers: [NodesController, EdgesController, GraphSummaryController, JobChangesController], providers: [GraphApiService], exports: [GraphApiService] })
export class GraphApiModule {}
