import { DomainError } from '@strata/contracts';
import { buildAwsDiagram, buildKubernetesDiagram, drawDiagram, type DiagramModel, type DrawnDiagram } from '@strata/diagrams-domain';
import type { ReadStore } from '@strata/platform-read-store';
import { diagramJobsView, type DiagramJobDocument } from './read/diagram-read-views';
import { GraphReader, type AwsSelection, type KubernetesSelection } from './read/graph-reader';
import { svgToPng } from './render/svg-to-png';
import type { DiagramFormat } from './diagrams-api.schemas';

/** A diagram in the format asked for, with its content type. */
export interface DiagramFile {
  contentType: 'image/svg+xml' | 'image/png';
  body: Buffer;
  width: number;
  height: number;
}

const jobNotFound = (tenantId: string, jobId: string) => new DomainError('job_not_found', `tenant ${tenantId} has no job ${jobId}`);

/**
 * The diagrams' use cases over the read store: an AWS account/region, a Kubernetes cluster or
 * namespace, a job's scope. An empty selection is drawn as an empty diagram that says so.
 */
export class Diagrams {
  private readonly graph: GraphReader;

  constructor(private readonly readStore: ReadStore) {
    this.graph = new GraphReader(readStore);
  }

  async aws(tenantId: string, { account, region }: { account?: string | undefined; region?: string | undefined }): Promise<DrawnDiagram> {
    return drawDiagram(await this.awsModel(tenantId, { provider: 'aws', ...(account ? { account } : {}), ...(region ? { regions: [region] } : {}) }));
  }

  async kubernetes(tenantId: string, { cluster, namespace }: { cluster?: string | undefined; namespace?: string | undefined }): Promise<DrawnDiagram> {
    return drawDiagram(await this.kubernetesModel(tenantId, { ...(cluster ? { cluster } : {}), ...(namespace ? { namespaces: [namespace] } : {}) }));
  }

  /**
   * The job's scope as the graph holds it now: an aws job's account (its `account_id`, else the
   * account of the nodes it saw) and regions (its `regions`, else all); a kubernetes job's cluster
   * (`cluster_name`, else the nodes') and namespaces; a demo job's whole demo estate (the same
   * shape as AWS). 404 `job_not_found` for an unknown job (another tenant's included).
   */
  async job(tenantId: string, jobId: string): Promise<DrawnDiagram> {
    const job = await this.readStore.collection(diagramJobsView).forTenant(tenantId).get(jobId);
    if (!job) throw jobNotFound(tenantId, jobId);
    return drawDiagram(await this.jobModel(tenantId, jobId, job));
  }

  /** `drawn` in `format`: the SVG as is, or rendered to PNG. */
  static file(drawn: DrawnDiagram, format: DiagramFormat): DiagramFile {
    if (format === 'svg') return { contentType: 'image/svg+xml', body: Buffer.from(drawn.svg, 'utf8'), width: drawn.width, height: drawn.height };
    const { png, width, height } = svgToPng(drawn.svg, drawn);
    return { contentType: 'image/png', body: png, width, height };
  }

  private async jobModel(tenantId: string, jobId: string, job: DiagramJobDocument): Promise<DiagramModel> {
    const config = job.config ?? {};
    const strings = (value: unknown): string[] | undefined => (Array.isArray(value) && value.every((v) => typeof v === 'string') && value.length > 0 ? value : undefined);
    const title = (what: string) => `Job ${job.name} (${jobId}): ${what}`;
    if (job.plugins.includes('aws')) {
      const account = typeof config['account_id'] === 'string' ? config['account_id'] : await this.graph.accountSeenBy(tenantId, jobId, 'aws');
      const regions = strings(config['regions']);
      return this.awsModel(tenantId, { provider: 'aws', ...(account ? { account } : {}), ...(regions ? { regions } : {}) }, title);
    }
    if (job.plugins.includes('kubernetes')) {
      const cluster = typeof config['cluster_name'] === 'string' ? config['cluster_name'] : await this.graph.accountSeenBy(tenantId, jobId, 'kubernetes');
      const namespaces = strings(config['namespaces']);
      if (cluster === undefined) return { title: title('Kubernetes'), boxes: [], edges: [], notes: ['Nothing to draw: the job has seen no Kubernetes cluster yet.'] };
      return this.kubernetesModel(tenantId, { cluster, ...(namespaces ? { namespaces } : {}) }, title);
    }
    if (job.plugins.includes('demo')) return this.awsModel(tenantId, { provider: 'demo' }, title);
    throw new DomainError('nothing_to_draw', `job ${jobId}'s plugins (${job.plugins.join(', ')}) discover nothing a diagram draws (aws, kubernetes, demo)`);
  }

  /** The AWS diagram's model (before collapse and layout) of a selection. */
  async awsModel(tenantId: string, selection: AwsSelection, title = (what: string) => what): Promise<DiagramModel> {
    const what = [selection.provider === 'demo' ? 'demo estate' : 'AWS', selection.account && `account ${selection.account}`, selection.regions?.join(', ')].filter(Boolean).join(' · ');
    const slice = await this.graph.aws(tenantId, selection);
    return buildAwsDiagram(slice, { title: title(what), emptyNote: `Nothing to draw: no active ${selection.provider === 'demo' ? 'demo' : 'AWS'} resources in ${what}.` });
  }

  /** The Kubernetes diagram's model of a selection. */
  async kubernetesModel(tenantId: string, selection: KubernetesSelection, title = (what: string) => what): Promise<DiagramModel> {
    const what = ['Kubernetes', selection.cluster && `cluster ${selection.cluster}`, selection.namespaces && `namespace ${selection.namespaces.join(', ')}`].filter(Boolean).join(' · ');
    const slice = await this.graph.kubernetes(tenantId, selection);
    return buildKubernetesDiagram(slice, { title: title(what), emptyNote: `Nothing to draw: no workloads, services or ingresses in ${what}.` });
  }
}

/**
 * The PNG of a job's scope diagram, for the PDF report (the report generator calls this with the
 * app's read store). Throws `job_not_found` / `nothing_to_draw` as the route does.
 */
export async function jobScopeDiagramPng(readStore: ReadStore, tenantId: string, jobId: string): Promise<RenderedDiagramPng> {
  const drawn = await new Diagrams(readStore).job(tenantId, jobId);
  const file = Diagrams.file(drawn, 'png');
  return { png: file.body, width: file.width, height: file.height, empty: drawn.laidOut.boxes.length === 0 };
}

export interface RenderedDiagramPng {
  png: Buffer;
  width: number;
  height: number;
  /** Nothing in the scope to draw: the image only says so. */
  empty: boolean;
}
