import { describe, expect, it } from 'vitest';
import { automationAction, automationCondition, automationTrigger } from '../../../contracts/workflow.ts';
import { conditionHolds, defaultRules, isGradeDrop, nextDailyScan } from './automation.rules.ts';

describe('automation conditions', () => {
  it('fires on a qualification expiring within 30 days, not in 31 or already expired', () => {
    const within30 = { withinDays: 30 };
    expect(conditionHolds(within30, { daysLeft: 0 })).toBe(true);
    expect(conditionHolds(within30, { daysLeft: 30 })).toBe(true);
    expect(conditionHolds(within30, { daysLeft: 31 })).toBe(false);
    expect(conditionHolds(within30, { daysLeft: -1 })).toBe(false);
    expect(conditionHolds(within30, {})).toBe(false);
  });

  it('fires on a grade drop only when asked for drops', () => {
    expect(isGradeDrop('B', 'C')).toBe(true);
    expect(isGradeDrop('C', 'B')).toBe(false);
    expect(isGradeDrop('B', 'B')).toBe(false);
    expect(isGradeDrop(null, 'E')).toBe(false);
    expect(conditionHolds({ onlyDrops: true }, { fromGrade: 'A', toGrade: 'D' })).toBe(true);
    expect(conditionHolds({ onlyDrops: true }, { fromGrade: 'D', toGrade: 'A' })).toBe(false);
    expect(conditionHolds({ toGrades: ['E'] }, { fromGrade: 'D', toGrade: 'E' })).toBe(true);
    expect(conditionHolds({ toGrades: ['E'] }, { fromGrade: 'C', toGrade: 'D' })).toBe(false);
  });

  it('fires on idle, high-potential opportunities only', () => {
    const rule = { idleDays: 14, minAmountFen: 10_000_000 };
    expect(conditionHolds(rule, { idleDays: 14, amountFen: 10_000_000 })).toBe(true);
    expect(conditionHolds(rule, { idleDays: 13, amountFen: 50_000_000 })).toBe(false);
    expect(conditionHolds(rule, { idleDays: 40, amountFen: 9_999_999 })).toBe(false);
  });

  it('filters finished approvals by document type', () => {
    expect(conditionHolds({ documentTypes: ['contract'] }, { documentType: 'contract' })).toBe(true);
    expect(conditionHolds({ documentTypes: ['contract'] }, { documentType: 'sales_order' })).toBe(false);
  });

  it('treats an empty condition as always true', () => {
    expect(conditionHolds({}, {})).toBe(true);
  });
});

describe('default rules', () => {
  it('are valid data', () => {
    for (const rule of defaultRules) {
      expect(automationTrigger.safeParse(rule.trigger).success, rule.code).toBe(true);
      expect(automationCondition.safeParse(rule.condition).success, rule.code).toBe(true);
      expect(automationAction.safeParse(rule.action).success, rule.code).toBe(true);
    }
  });

  it('run the daily scans at 07:00 in Shanghai', () => {
    expect(nextDailyScan(new Date('2026-03-02T10:00:00Z'))).toEqual(new Date('2026-03-02T23:00:00Z'));
    expect(nextDailyScan(new Date('2026-03-02T23:00:00Z'))).toEqual(new Date('2026-03-03T23:00:00Z'));
  });
});
