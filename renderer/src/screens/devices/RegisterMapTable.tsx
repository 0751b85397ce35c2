import { useEffect, useRef, type KeyboardEvent, type ReactNode } from 'react';
import { SelectField, TextField } from '../../components/Field';
import { useI18n } from '../../i18n';
import type { ErrorOf } from './form-errors';
import { INPUT_SOURCES, mapPath, RELAY_KINDS, WRITE_MODES, wordOf, type RegisterMapDraft } from './register-map-draft';

/** A cell's address in the grid the arrow keys move through: the row (channel - 1) and the column. */
const CELL_ROW = 'data-cell-row';
const CELL_COL = 'data-cell-col';
const ADDRESS_COL = 0;
const REMOVE_COL = 1;

function cellAt(table: HTMLElement, row: number, col: number): HTMLElement | null {
  return table.querySelector<HTMLElement>(`[${CELL_ROW}="${row}"][${CELL_COL}="${col}"]`);
}

/** Arrow keys move between the table's cells; left and right leave a text cell only from its first or last character. */
function moveBetweenCells(e: KeyboardEvent<HTMLTableElement>): void {
  const from = (e.target as HTMLElement).closest<HTMLElement>(`[${CELL_ROW}]`);
  if (!from || e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) return;
  const row = Number(from.getAttribute(CELL_ROW));
  const col = Number(from.getAttribute(CELL_COL));
  const input = from instanceof HTMLInputElement ? from : null;
  const atStart = !input || (input.selectionStart === 0 && input.selectionEnd === 0);
  const atEnd = !input || input.selectionStart === input.value.length;
  const to = { ArrowUp: [row - 1, col], ArrowDown: [row + 1, col], ArrowLeft: atStart ? [row, col - 1] : null, ArrowRight: atEnd ? [row, col + 1] : null }[e.key];
  const target = to ? cellAt(e.currentTarget, to[0]!, to[1]!) : null;
  if (!target) return;
  e.preventDefault();
  target.focus();
  if (target instanceof HTMLInputElement) target.select();
}

const hex = (value: string): string => {
  const n = wordOf(value);
  return n === null ? '' : `0x${n.toString(16).toUpperCase().padStart(4, '0')}`;
};

/**
 * A Modbus board's own register map: how its relays are written and where its inputs are, and a table with one
 * row per channel (its coil or register), rows added and removed with their buttons, arrow keys between cells,
 * each cell's problem (the console's, or the kiosk's from the driver's schema) under it.
 */
export function RegisterMapTable({ map, set, errorOf }: { map: RegisterMapDraft; set(map: RegisterMapDraft): void; errorOf: ErrorOf }): ReactNode {
  const { t } = useI18n();
  const tableRef = useRef<HTMLTableElement>(null);
  // After a row is added or removed: the row whose address cell takes focus.
  const focusRow = useRef<number | null>(null);
  useEffect(() => {
    if (focusRow.current === null || !tableRef.current) return;
    const input = cellAt(tableRef.current, focusRow.current, ADDRESS_COL);
    focusRow.current = null;
    input?.focus();
  }, [map.addresses.length]);

  const setAddress = (row: number, value: string): void => set({ ...map, addresses: map.addresses.map((a, i) => (i === row ? value : a)) });
  const addRow = (): void => {
    const last = wordOf(map.addresses.at(-1) ?? '');
    focusRow.current = map.addresses.length;
    set({ ...map, addresses: [...map.addresses, last === null ? '' : String(last + 1)] });
  };
  const removeRow = (row: number): void => {
    focusRow.current = Math.max(0, Math.min(row, map.addresses.length - 2));
    set({ ...map, addresses: map.addresses.filter((_, i) => i !== row) });
  };
  const what = t(`devices.map.address.${map.kind}`);
  const tableProblem = errorOf(mapPath.addresses);
  return (
    <fieldset className="register-map field-wide" data-testid="register-map">
      <legend>{t('devices.map.title')}</legend>
      <div className="form-grid">
        <SelectField name="mapKind" label={t('devices.map.kind')} value={map.kind} onChange={(e) => set({ ...map, kind: e.target.value as RegisterMapDraft['kind'] })} error={errorOf(mapPath.kind)}
          options={RELAY_KINDS.map((k) => ({ value: k, label: t(`devices.map.kind.${k}`) }))} />
        <SelectField name="mapWrite" label={t('devices.map.write')} value={map.write} onChange={(e) => set({ ...map, write: e.target.value as RegisterMapDraft['write'] })} error={errorOf(mapPath.write)}
          options={WRITE_MODES.map((w) => ({ value: w, label: t(`devices.map.write.${w}`) }))} />
        {map.kind === 'register' ? (
          <>
            <TextField name="mapOn" label={t('devices.map.on')} value={map.on} onChange={(e) => set({ ...map, on: e.target.value })} error={errorOf(mapPath.on)} hint={t('devices.map.wordHint')} autoComplete="off" spellCheck={false} />
            <TextField name="mapOff" label={t('devices.map.off')} value={map.off} onChange={(e) => set({ ...map, off: e.target.value })} error={errorOf(mapPath.off)} hint={t('devices.map.wordHint')} autoComplete="off" spellCheck={false} />
          </>
        ) : null}
        <SelectField name="mapInputs" label={t('devices.map.inputSource')} value={map.inputSource} onChange={(e) => set({ ...map, inputSource: e.target.value as RegisterMapDraft['inputSource'] })} error={errorOf(mapPath.inputSource) ?? errorOf(mapPath.inputs)}
          options={INPUT_SOURCES.map((s) => ({ value: s, label: t(`devices.map.inputs.${s || 'none'}`) }))} />
        {map.inputSource ? (
          <TextField name="mapInputStart" label={t('devices.map.inputStart')} value={map.inputStart} onChange={(e) => set({ ...map, inputStart: e.target.value })} error={errorOf(mapPath.inputStart)} autoComplete="off" spellCheck={false} />
        ) : null}
      </div>
      <p className="muted" id="register-map-keys">{t('devices.map.keys')}</p>
      <table ref={tableRef} className="table register-map-table" onKeyDown={moveBetweenCells} aria-describedby="register-map-keys" data-testid="register-map-table">
        <thead>
          <tr>
            <th scope="col" className="num">{t('devices.map.channel')}</th>
            <th scope="col">{what}</th>
            <th scope="col">{t('devices.map.hex')}</th>
            <th scope="col"><span className="visually-hidden">{t('devices.map.removeRow')}</span></th>
          </tr>
        </thead>
        <tbody>
          {map.addresses.map((address, row) => {
            const problem = errorOf(mapPath.address(row));
            const errId = `register-map-err-${row}`;
            return (
              <tr key={row} data-row={row + 1} className={problem ? 'row-invalid' : undefined}>
                <th scope="row" className="num">{row + 1}</th>
                <td>
                  <input
                    {...{ [CELL_ROW]: row, [CELL_COL]: ADDRESS_COL }}
                    name={`address-${row + 1}`}
                    value={address}
                    onChange={(e) => setAddress(row, e.target.value)}
                    aria-label={t('devices.map.cell', { n: row + 1, what })}
                    aria-invalid={Boolean(problem)}
                    aria-describedby={problem ? errId : undefined}
                    inputMode="numeric"
                    autoComplete="off"
                    spellCheck={false}
                  />
                  {problem ? <span className="field-error" id={errId} role="alert">{problem}</span> : null}
                </td>
                <td className="mono muted">{hex(address)}</td>
                <td className="row-actions">
                  <button type="button" className="btn btn-small" {...{ [CELL_ROW]: row, [CELL_COL]: REMOVE_COL }} onClick={() => removeRow(row)} disabled={map.addresses.length === 1}
                    aria-label={t('devices.map.removeOne', { n: row + 1 })}>
                    {t('devices.map.removeRow')}
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {tableProblem ? <p className="field-error" role="alert" data-testid="register-map-problem">{tableProblem}</p> : null}
      <button type="button" className="btn btn-small" onClick={addRow} disabled={map.addresses.length >= 32} data-testid="register-map-add">{t('devices.map.addRow')}</button>
    </fieldset>
  );
}
