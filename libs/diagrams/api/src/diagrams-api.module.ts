import { Module } from '@nestjs/common';
import { AwsDiagramController } from './aws-diagram/aws-diagram.controller';
import { DiagramsApiService } from './diagrams-api.service';
import { JobDiagramController } from './job-diagram/job-diagram.controller';
import { KubernetesDiagramController } from './kubernetes-diagram/kubernetes-diagram.controller';

/**
 * The architecture diagrams (issue 22, seed 002): `GET .../diagrams/aws`, `GET .../diagrams/kubernetes`
 * and `GET .../jobs/{jobID}/diagram`, all `nodes:read`, as SVG or PNG. Reads the graph and the
 * jobs through read-only views; the app provides the read store under READ_STORE.
 */
@Module({ controllers: [AwsDiagramController, KubernetesDiagramController, JobDiagramController], providers: [DiagramsApiService], exports: [DiagramsApiService] })
export class DiagramsApiModule {}
