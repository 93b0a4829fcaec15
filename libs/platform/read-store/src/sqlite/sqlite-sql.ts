import type { SQLInputValue } from 'node:sqlite';
import type { CollectionDefinition, IndexValue } from '../collection-definition';
import type { Condition, FindPlan, Operand } from '../query-plan';
import { fieldColumnName, quoteIdentifier, tableName } from './sqlite-schema';

export interface SqlStatement {
  sql: string;
  params: SQLInputValue[];
}

const COMPARISONS = { eq: '=', gt: '>', gte: '>=', lt: '<', lte: '<=' } as const;

// json_extract yields 1/0 for JSON booleans, so that is what they are compared with.
const sqlValue = (value: IndexValue): SQLInputValue => (typeof value === 'boolean' ? Number(value) : value);

const column = (operand: Operand): string =>
  operand.kind === 'id' ? 'id' : quoteIdentifier(fieldColumnName(operand.path));

function conditionSql(condition: Condition, params: SQLInputValue[]): string {
  const target = column(condition.operand);
  switch (condition.op) {
    case 'isNull':
      return `${target} IS NULL`;
    case 'notNull':
      return `${target} IS NOT NULL`;
    case 'in': {
      // One JSON parameter instead of one per value: the SQL text stays the same for any list
      // length (so the prepared statement is reused) and there is no bound-parameter limit.
      params.push(JSON.stringify(condition.values));
      const listed = `${target} IN (SELECT value FROM json_each(?))`;
      return condition.orNull ? `(${listed} OR ${target} IS NULL)` : listed;
    }
    default:
      params.push(sqlValue(condition.value));
      return `${target} ${COMPARISONS[condition.op]} ?`;
  }
}

function whereClause(tenantId: string, conditions: readonly Condition[], params: SQLInputValue[]): string {
  params.push(tenantId);
  return ['tenant = ?', ...conditions.map((condition) => conditionSql(condition, params))].join(' AND ');
}

/** The statement that reads one segment of a find plan, at most `limit` rows. */
export function findSegmentSql(
  definition: CollectionDefinition,
  tenantId: string,
  plan: FindPlan,
  segment: readonly Condition[],
  limit: number,
): SqlStatement {
  const params: SQLInputValue[] = [];
  const where = whereClause(tenantId, [...plan.where, ...segment], params);
  const direction = plan.sort.direction === 'asc' ? 'ASC' : 'DESC';
  const orderBy =
    plan.sort.field === undefined
      ? `id ${direction}`
      : `${column({ kind: 'field', path: plan.sort.field })} ${direction}, id ${direction}`;
  params.push(limit);
  return {
    sql: `SELECT id, doc FROM ${quoteIdentifier(tableName(definition))} WHERE ${where} ORDER BY ${orderBy} LIMIT ?`,
    params,
  };
}

export function sumSql(definition: CollectionDefinition, tenantId: string, field: string, where: readonly Condition[]): SqlStatement {
  const params: SQLInputValue[] = [];
  const clause = whereClause(tenantId, where, params);
  // total() is 0.0 over no rows and skips NULLs (documents without the field).
  return { sql: `SELECT total(${column({ kind: 'field', path: field })}) AS n FROM ${quoteIdentifier(tableName(definition))} WHERE ${clause}`, params };
}

export function countSql(definition: CollectionDefinition, tenantId: string, where: readonly Condition[]): SqlStatement {
  const params: SQLInputValue[] = [];
  const clause = whereClause(tenantId, where, params);
  return { sql: `SELECT count(*) AS n FROM ${quoteIdentifier(tableName(definition))} WHERE ${clause}`, params };
}

