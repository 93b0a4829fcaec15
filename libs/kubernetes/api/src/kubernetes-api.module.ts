import { Module } from '@nestjs/common';
import { ActionPlanController } from './action-plan/action-plan.controller';
import { ClustersController } from './clusters/clusters.controller';
import { GovernanceController } from './governance/governance.controller';
import { KubernetesApiService } from './kubernetes-api.service';

/**
 * The Kubernetes reports under `/api/v1/tenants/{tenantID}/kubernetes/clusters` (the clusters,
 * and per cluster its governance report and clean-up action plan), all `nodes:read` +
 * `findings:read`. Reads the graph inventory writes and the findings the audit engine writes;
 * the app provides the read store under READ_STORE.
 */
@Module({ controllers: [ClustersController, GovernanceController, ActionPlanController], providers: [KubernetesApiService], exports: [KubernetesApiService] })
export class KubernetesApiModule {}
