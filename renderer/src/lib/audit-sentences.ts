/**
 * Audit entries as sentences: "sam changed Standard (car) daily maximum from £24.00 to £20.00, reason: …". The one
 * place the console turns a recorded action into words (the catalogue's `auditSays.<action>` is the verb; the
 * subject, what changed, the amount and the reason come from the entry). A row written by another version with an
 * action this console does not know still reads as a sentence, naming the action.
 */
import type { AuditAction, AuditEntry } from '../api';
import type { I18n, MessageKey } from '../i18n';
import { changesBetween, fieldValue, type Change } from './readable';

type Detail = Readonly<Record<string, unknown>>;

const detailOf = (entry: AuditEntry): Detail =>
  entry.detail !== null && typeof entry.detail === 'object' && !Array.isArray(entry.detail) ? (entry.detail as Detail) : {};

/** Where an edit keeps its two versions, for the actions whose detail does not say `before` and `after`. */
const VERSIONS: Partial<Record<AuditAction, (d: Detail) => [unknown, unknown]>> = {
  'tariff.save': (d) => [d.before, d.table],
  'access.create': (d) => [d.before, d.definition],
  'access.update': (d) => [d.before, d.definition],
  'access.remove': (d) => [d.before, null],
  'lane.settings': (d) => ('after' in d ? [d.before, d.after] : [d.from, d.to]),
  'lane.schedules': (d) => [d.before, d.schedules],
  'booking.policy_saved': (d) => [d.before, d.policy],
  'layout.floor_saved': (d) => [d.before, d.floor],
  'session.class_changed': (d) => [{ vehicleClass: d.from, dueBeforeMinor: d.dueBeforeMinor }, { vehicleClass: d.to, dueBeforeMinor: d.dueAfterMinor }],
  'session.plate_fixed': (d) => [{ plate: d.from }, { plate: d.to }],
  'booking.modified': (d) => ('priceBefore' in d ? [{ priceMinor: d.priceBefore }, { priceMinor: d.priceMinor }] : [undefined, undefined]),
};

/** Fields every version changes by itself: said in the detail, left out of the sentence. */
const BOOKKEEPING = ['version', 'effectiveFrom', 'effectiveTo', 'updatedAt', 'updatedBy'];

function versionsOf(entry: AuditEntry): [unknown, unknown] | undefined {
  const d = detailOf(entry);
  const versions = VERSIONS[entry.action as AuditAction]?.(d) ?? ('before' in d && 'after' in d ? [d.before, d.after] : undefined);
  return !versions || (versions[0] === undefined && versions[1] === undefined) ? undefined : versions;
}

/** Every field that differs between the entry's before and after; none for an entry that is not an edit. */
export function auditChanges(entry: AuditEntry): Change[] {
  const versions = versionsOf(entry);
  return versions ? changesBetween(versions[0] ?? null, versions[1] ?? null) : [];
}

/** A record that had no earlier version: its sentence says it was created, its detail lists what it holds. */
const isCreation = (entry: AuditEntry): boolean => (versionsOf(entry)?.[0] ?? null) === null;

const NOUNS: Readonly<Record<string, string>> = {
  session: 'session', tariff: 'rate table', user: 'user', device: 'device', lane: 'lane', printer: 'printer',
  payment: 'payment', shift: 'shift', driver: 'driver', booking: 'booking', wallet: 'wallet', invoice: 'invoice',
  receipt: 'receipt', permit: 'permit', allow: 'allow-list entry', deny: 'deny-list entry', reservation: 'reservation',
  floor: 'floor', space: 'space', attempt: 'card attempt', validation: 'validation code', plate: 'plate',
  phone: 'phone', sms: 'text message', config: 'version', clock: 'the clock', access: 'access-list entry', layout: 'floor or space',
};
const WHOLE: Readonly<Record<string, string>> = { 'site:settings': 'the site settings', payment_settings: 'the payment settings', booking_policy: 'the booking policy', clock: 'the clock' };

const named = (d: Detail, key: string, field: string): string | undefined => {
  const inner = d[key];
  const value = inner !== null && typeof inner === 'object' ? (inner as Detail)[field] : undefined;
  return typeof value === 'string' && value !== '' ? value : undefined;
};

/** "Standard (car)", "user ben", "session 12": the record's own name where the entry carries it. */
export function auditSubject(entry: AuditEntry): string {
  const subject = entry.subject;
  if (subject === null) return '';
  const d = detailOf(entry);
  const tableName = named(d, 'table', 'name') ?? named(d, 'before', 'name');
  if (entry.action === 'tariff.save' && tableName) return tableName;
  if (WHOLE[subject]) return WHOLE[subject];
  const colon = subject.indexOf(':');
  const kind = colon < 0 ? subject : subject.slice(0, colon);
  const id = colon < 0 ? '' : subject.slice(colon + 1);
  const holder = named(d, 'definition', 'holder') ?? named(d, 'before', 'holder');
  const username = typeof d.username === 'string' ? d.username : undefined;
  const noun = NOUNS[kind] ?? kind.replace(/_/g, ' ');
  const who = username ?? holder;
  return `${noun} ${id}${who ? ` (${who})` : ''}`.trim();
}

/** "daily maximum from £24.00 to £20.00". */
export function changeText(change: Change, { t, fmt }: Pick<I18n, 't' | 'fmt'>): string {
  const from = fieldValue(change.key, change.from, fmt);
  const to = fieldValue(change.key, change.to, fmt);
  if (change.from === null) return t('audit.changeSet', { name: change.name, to });
  if (change.to === null) return t('audit.changeRemoved', { name: change.name, from });
  return t('audit.changeFromTo', { name: change.name, from, to });
}

const SENTENCE_CHANGES = 3;

/** The whole sentence: who did what to which record, what changed (the first few), the amount, the reason. */
export function auditSentence(entry: AuditEntry, i18n: Pick<I18n, 't' | 'fmt'>): string {
  const { t, fmt } = i18n;
  const d = detailOf(entry);
  const key = `auditSays.${entry.action}` as MessageKey;
  const params = { actor: entry.actor, subject: auditSubject(entry), action: entry.action };
  const created = entry.action === 'tariff.save' && isCreation(entry);
  const said = created ? t('audit.tariffCreated', params) : t(key, params);
  const verb = said === key ? t('audit.unknownAction', params) : said;
  const changes = isCreation(entry) ? [] : auditChanges(entry).filter((c) => !BOOKKEEPING.includes(c.key));
  const shown = changes.slice(0, SENTENCE_CHANGES).map((c) => changeText(c, i18n));
  if (changes.length > SENTENCE_CHANGES) shown.push(t('audit.moreChanges', { count: changes.length - SENTENCE_CHANGES }));
  const amount = typeof d.amountMinor === 'number' ? ` ${fieldValue('amountMinor', d.amountMinor, fmt)}` : '';
  const reason = typeof d.reason === 'string' && d.reason !== '' ? t('audit.reasonSuffix', { reason: d.reason }) : '';
  return `${verb}${amount}${shown.length > 0 ? ` ${shown.join(', ')}` : ''}${reason}`;
}

/** An action in general, for the filter's list: "Someone changed a rate table". */
export function auditActionName(action: AuditAction, { t }: Pick<I18n, 't'>): string {
  const noun = NOUNS[action.slice(0, action.indexOf('.'))] ?? action.slice(0, action.indexOf('.')).replace(/_/g, ' ');
  return t(`auditSays.${action}` as MessageKey, { actor: 'Someone', subject: /^the /.test(noun) ? noun : `a ${noun}` });
}
