import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { neutralizeCell, toCsv, toXlsx } from './export.ts';

const columns = [
  { header: '名称', value: (r: { name: string; amount: number }) => r.name },
  { header: 'Amount', value: (r: { name: string; amount: number }) => r.amount },
];

describe('exports are safe against spreadsheet formula injection', () => {
  it('neutralises text that starts with = + - @ tab or CR, and leaves numbers alone', () => {
    for (const dangerous of ['=1+1', '+86 138', '-2+3', '@SUM(A1)', '\tcmd', '\rcmd']) {
      expect(neutralizeCell(dangerous)).toBe(`'${dangerous}`);
    }
    expect(neutralizeCell('北京协和医院')).toBe('北京协和医院');
    expect(neutralizeCell(-5)).toBe(-5);
  });

  it('writes CSV with a BOM and neutralised cells', () => {
    const text = toCsv(columns, [{ name: '=HYPERLINK("http://x")', amount: 12 }]).toString('utf8');
    expect(text.startsWith('\uFEFF名称,Amount')).toBe(true);
    expect(text).toContain(`"'=HYPERLINK(""http://x"")",12`);
  });

  it('writes an .xlsx whose cells hold no formula', async () => {
    const buffer = await toXlsx(columns, [{ name: '=1+1', amount: 3 }]);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
    const cell = workbook.getWorksheet(1)!.getRow(2).getCell(1);
    expect(cell.value).toBe("'=1+1");
    expect(cell.formula).toBeUndefined();
    expect(workbook.getWorksheet(1)!.getRow(2).getCell(2).value).toBe(3);
  });
});
