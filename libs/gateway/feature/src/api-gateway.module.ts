import { Module, type DynamicModule } from '@nestjs/common';
import { FindingsApiModule } from '@strata/audit-api';
import { EventsApiModule } from '@strata/events-feature';
import { GraphApiModule } from '@strata/inventory-api';
import { KubernetesApiModule } from '@strata/kubernetes-api';
import { DiagramsApiModule } from '@strata/diagrams-api';
import { JobsApiModule } from '@strata/jobs-feature';
import { McpModule } from '@strata/mcp-server';
import { NotificationsApiModule, notificationSettingsFromEnv, NotifyModule, type NotificationSettings } from '@strata/notify-feature';
import { PluginCatalogModule } from '@strata/plugins-catalog';
import { SchedulesApiModule } from '@strata/scheduler-feature';
import { ReportsApiModule, type BlobStore } from '@strata/reports-feature';
import type { ReadStore } from '@strata/platform-read-store';
import { InlineCredentialJanitorModule, TenancyModule, type SecretKey } from '@strata/tenancy-feature';

export interface ApiGatewayModuleOptions {
  readStore: ReadStore;
  secretKey: SecretKey;
  /**
   * Webhooks may point at loopback and private networks: the app reads `STRATA_WEBHOOK_ALLOW_PRIVATE`
   * with `webhookAllowPrivateFromEnv()`; default false.
   */
  webhookAllowPrivate?: boolean;
  /** SMTP and the public URL for notification channels: the app reads them with `notificationSettingsFromEnv()`; default: no SMTP, http://localhost:8080. */
  notificationSettings?: NotificationSettings;
  /** Where report files are read (download) and deleted: default `reportStoreFromEnv()` (`STRATA_REPORT_STORE`). */
  reportStore?: BlobStore;
}

/**
 * The public REST API: tenancy (tenants, tokens, credentials, and the deletion of the credentials
 * jobs were given inline once they end), the jobs API, wired to the plugin catalog of this build,
 * the Graph API (nodes, edges, summary) over the graph inventory writes, and the Findings API
 * (findings, summary, compliance posture) over what the audit engine writes, the Kubernetes reports
 * (clusters, governance, action plan) over both, the schedules API
 * (each schedule an event stream, written here), the webhooks API (CRUD and a signed test
 * delivery), the notifications API (channels, their test, the policy) and the events API (the
 * feed the projector records, the event types, the AsyncAPI document), the architecture diagrams (SVG/PNG
 * of the graph) and the reports API (requests queued for the report generator, their status, download
 * and deletion). Needs MessagingModule, the read store under READ_STORE and the event store under
 * EVENT_STORE.
 */
@Module({})
export class ApiGatewayModule {
  static forRoot({ readStore, secretKey, webhookAllowPrivate = false, notificationSettings = notificationSettingsFromEnv({}), reportStore }: ApiGatewayModuleOptions): DynamicModule {
    return {
      module: ApiGatewayModule,
      imports: [
        PluginCatalogModule.forRoot(),
        TenancyModule.forRoot({ readStore, secretKey }),
        InlineCredentialJanitorModule.forRoot(),
        JobsApiModule,
        SchedulesApiModule,
        GraphApiModule,
        FindingsApiModule.forRoot(),
        KubernetesApiModule,
        NotifyModule.forRoot({ readStore, secretKey, allowPrivate: webhookAllowPrivate }),
        NotificationsApiModule.forRoot({ readStore, secretKey, allowPrivate: webhookAllowPrivate, settings: notificationSettings }),
        EventsApiModule,
        DiagramsApiModule,
        ReportsApiModule.forRoot(reportStore ? { blobStore: reportStore } : {}),
        // POST /mcp: the MCP tools, each a call to the routes above with the caller's own token.
        McpModule,
      ],
    };
  }
}
