import { DomainError } from '@strata/contracts';

export class RuleNotFoundError extends DomainError {
  constructor(ruleId: string) {
    super('rule_not_found', `No rule ${ruleId}`);
  }
}

export class RuleExistsError extends DomainError {
  constructor(ruleId: string, builtIn: boolean) {
    super('rule_exists', builtIn ? `${ruleId} is the id of a built-in rule; choose another id` : `A rule ${ruleId} exists; change it with PATCH`);
  }
}
