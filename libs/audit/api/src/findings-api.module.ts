import { Module, type DynamicModule } from '@nestjs/common';
import { FINDINGS_CATALOG, FindingsCatalog } from './findings-catalog';
import { FindingsApiService } from './findings-api.service';
import { READ_STORE } from '@strata/platform-runtime';
import type { ReadStore } from '@strata/platform-read-store';
import { builtInPrices } from '@strata/audit-packs';
import { RuleDryRun } from './dry-run-rule/rule-dry-run';
import { ComplianceController } from './http/compliance.controller';
import { FindingMutesController } from './http/finding-mutes.controller';
import { FindingsController } from './http/findings.controller';
import { RulesApi } from './rules/rules-api.service';
import { RULES_API, RulesApiHandle } from './rules/rules-api.token';
import { RulesController } from './rules/rules.controller';
import { HandledFindingsController } from './http/handled-findings.controller';
import { MuteRulesController } from './http/mute-rules.controller';
import { MutesApiService } from './mutes/mutes-api.service';

/**
 * The Findings API under `/api/v1/tenants/{tenantID}/` (`findings`, `findings/summary`,
 * `findings/{id}`, `compliance/frameworks[/{id}]`, `mute-rules[/{id}]`; reads need `findings:read`),
 * and muting (`findings/{id}/mute`, `mute-rules`, seed 001's `findings/{resourceID}/handled`:
 * `findings:write`). Reads what the audit engine writes; the app provides the read store under
 * READ_STORE and, for muting, MessagingClient (the `FindingMuted` / `FindingUnmuted` events). Rules and frameworks are the
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
      controllers: [HandledFindingsController, FindingsController, FindingMutesController, MuteRulesController, ComplianceController, RulesController],
      providers: [
        catalog,
        FindingsApiService,
        MutesApiService,
        {
          provide: RULES_API,
          inject: [READ_STORE, FindingsApiService],
          useFactory: (readStore: ReadStore, findings: FindingsApiService) => {
            const prices = builtInPrices();
            const { book, builtIn } = findings.catalogs;
            return new RulesApiHandle(new RulesApi(readStore, book, builtIn.frameworks, prices), new RuleDryRun(readStore, prices));
          },
        },
      ],
      exports: [FindingsApiService, MutesApiService],
    };
  }
}
