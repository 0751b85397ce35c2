import { describe, expect, it } from 'vitest';
import { csvField, toCsv } from './export';

describe('CSV for spreadsheets', () => {
  it('writes text a spreadsheet would run as a formula with a leading apostrophe, numbers as they are', () => {
    expect(['=1+2', '+44 20', '-cmd', '@SUM(A1)', '\tx', '\rx'].map(csvField)).toEqual(["'=1+2", "'+44 20", "'-cmd", "'@SUM(A1)", "'\tx", `"'\rx"`]);
    expect([-500, 0, 12.5, null, 'plain'].map(csvField)).toEqual(['-500', '0', '12.5', '', 'plain']);
  });

  it('quotes commas, quotes and line breaks (RFC 4180), after neutralising', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
  });

  it('puts each table under its title with CRLF line ends', () => {
    expect(toCsv([{ title: 'T', columns: ['a', 'b'], rows: [[1, '=x']] }, { title: 'U', columns: ['c'], rows: [] }])).toBe("T\r\na,b\r\n1,'=x\r\n\r\nU\r\nc\r\n");
  });
});
