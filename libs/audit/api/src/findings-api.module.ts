import { Module, type DynamicModule } from '@nestjs/common';
import { FINDINGS_CATALOG, FindingsCatalog } from './findings-catalog';
import { FindingsApiService } from './findings-api.service';
import { ComplianceController } from './http/compliance.controller';
import { FindingsController } from './http/findings.controller';

/**
 * The Findings API under `/api/v1/tenants/{tenantID}/` (`findings`, `findings/summary`,
 * `findings/{id}`, `compliance/frameworks[/{id}]`), all `findings:read`. Reads what the audit
 * engine writes; the app provides the read store under READ_STORE. Rules and frameworks are the
 * built-in packs, loaded once, unless `forCatalog` gives others.
 */
@Module({})
export class FindingsApiModule {
  static forRoot(): DynamicModule {
    return FindingsApiModule.module({ provide: FINDINGS_CATALOG, useFactory: () => FindingsCatalog.builtIn() });
  }

  static forCatalog(catalog: FindingsCatalog): DynamicModule {
    return FindingsApiModule.module({ provide: FINDINGS_CATALOG, useValue: catalog });
  }

  private static module(catalog: DynamicModule['providers'] extends (infer P)[] | undefined ? P : never): DynamicModule {
    return {
      module: FindingsApiModule,
      controllers: [FindingsController, ComplianceController],
      providers: [catalog, FindingsApiService],
      exports: [FindingsApiService],
    };
  }
}
