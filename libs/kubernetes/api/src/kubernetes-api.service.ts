import { Inject, Injectable } from '@nestjs/common';
import type { ReadStore } from '@strata/platform-read-store';
import { READ_STORE } from '@strata/platform-runtime';
import { ClusterActionPlan } from './action-plan/cluster-action-plan';
import { ClusterReader } from './clusters/cluster-reader';
import { ClusterGovernance } from './governance/cluster-governance';

/** The Kubernetes reports' use cases over the app's read store (the graph inventory writes and the findings the audit engine writes). */
@Injectable()
export class KubernetesApiService {
  readonly clusters: ClusterReader;
  readonly governance: ClusterGovernance;
  readonly actionPlan: ClusterActionPlan;

  constructor(@Inject(READ_STORE) readStore: ReadStore) {
    this.clusters = new ClusterReader(readStore);
    this.governance = new ClusterGovernance(readStore, this.clusters);
    this.actionPlan = new ClusterActionPlan(readStore, this.clusters);
  }
}
