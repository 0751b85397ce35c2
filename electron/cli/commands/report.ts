import { REPORT_NAMES, reportNameSchema, type ReportName } from '../../kiosk/contract/reports';
import { KioskError } from '../../kiosk/errors';
import { databaseFile } from '../../kiosk/data-dir';
import { toCsv } from '../../kiosk/reports/export';
import { buildReport } from '../../kiosk/reports/report-service';
import { reportTables, type ReportTable } from '../../kiosk/reports/tables';
import { openStore } from '../../kiosk/store/store';
import { CliError, dataDirOption, type Command } from '../command';

/** The tables as aligned text, each under its title. */
function asText(tables: readonly ReportTable[], notes: readonly string[]): string {
  const blocks = tables.map((table) => {
    const rows = [table.columns, ...table.rows.map((row) => row.map((cell) => (cell === null ? '' : String(cell))))];
    const widths = table.columns.map((_, i) => Math.max(...rows.map((row) => String(row[i] ?? '').length)));
    return [table.title, ...rows.map((row) => row.map((cell, i) => String(cell ?? '').padEnd(widths[i]!)).join('  ').trimEnd())].join('\n');
  });
  return [...notes.map((note) => `Note: ${note}`), ...blocks].join('\n\n');
}

export const reportCommand: Command = {
  usage: `report <${REPORT_NAMES.join('|')}> --from YYYY-MM-DD --to YYYY-MM-DD [--csv | --json] [--data-dir DIR]`,
  json: true,
  options: {
    from: { type: 'string', description: 'first local date of the range (site time)' },
    to: { type: 'string', description: 'last local date of the range, included' },
    csv: { type: 'boolean', description: 'print CSV for a spreadsheet (formula-looking text is neutralised)' },
  },
  async run({ values, positionals, out }) {
    const name = reportNameSchema.safeParse(positionals[0]);
    if (!name.success || positionals.length > 1) throw new CliError(`usage: lotkeeper ${reportCommand.usage}`, 2);
    if (typeof values['from'] !== 'string' || typeof values['to'] !== 'string') throw new CliError('--from and --to are required (YYYY-MM-DD, site time)', 2);
    if (values['csv'] === true && values['json'] === true) throw new CliError('--csv and --json: choose one', 2);
    const store = openStore(databaseFile(dataDirOption(values)), { now: Date.now(), readonly: true });
    try {
      const report = buildReport(store.db, store.site.load(), name.data as ReportName, { from: values['from'], to: values['to'] });
      const tables = reportTables(name.data, report);
      if (values['csv'] === true) out.line(toCsv(tables).trimEnd());
      else out.result(report, asText(tables, report.range.notes));
      return 0;
    } catch (error) {
      if (error instanceof KioskError) throw new CliError(error.message, 2);
      throw error;
    } finally {
      await store.close();
    }
  },
};
