import type { ReactNode } from 'react';
import type { LaneView } from '../api/lane-types';
import { useI18n, type MessageKey } from '../i18n';

const OUTCOME_GLYPH: Record<NonNullable<LaneView['decision']>['outcome'], string> = { open: '✓', deny: '✕', attendant: '?', pay: '¤' };

/** A decision code in words where the catalogue has them; a code the console does not know yet shows as itself. */
function useCodeText(): (code: string) => string {
  const { t } = useI18n();
  return (code) => {
    const key = `decisionCode.${code}`;
    const text = t(key as MessageKey);
    return text === key ? code : text;
  };
}

/** Whether the rules refused this car, even where the lane held it for the attendant (confirm every car, a doubtful read). */
export function rulesDeny(decision: LaneView['decision']): boolean {
  return decision?.outcome === 'deny' || decision?.proposal?.outcome === 'deny';
}

/**
 * The lane's decision. Where the lane held the car for the attendant, what the rules decided comes FIRST (deny list
 * with its note, permit, booking), in full, and the reason it was held second: the attendant reads the verdict
 * before the procedure. Otherwise: outcome (glyph and word), what it was in words, the code, and the core's why.
 */
export function Decision({ decision, amountDue }: { decision: LaneView['decision']; amountDue?: LaneView['amountDue'] }): ReactNode {
  const { t, fmt } = useI18n();
  const codeText = useCodeText();
  if (!decision) return <p className="decision muted">{t('lanes.noDecision')}</p>;
  const proposal = decision.proposal;
  const verdict = proposal ?? decision;
  return (
    <div className={`decision decision-${verdict.outcome}`} data-testid="decision" data-outcome={decision.outcome} data-code={decision.code} data-rules={verdict.outcome} data-rules-code={verdict.code}>
      <p className="decision-head">
        {proposal ? <span className="decision-rules">{t('lanes.rulesSay')}</span> : null}
        <span className={`badge outcome-${verdict.outcome}`}>
          <span aria-hidden="true">{OUTCOME_GLYPH[verdict.outcome]}</span> {t(`outcome.${verdict.outcome}`)}
        </span>{' '}
        <b>{codeText(verdict.code)}</b>
        {amountDue ? <b className="num"> · {t('lanes.amountDue', { amount: fmt.money(amountDue.minor, amountDue.currency) })}</b> : null}
      </p>
      <p className={`decision-why${proposal ? ' decision-why-full' : ''}`} title={verdict.why} data-testid="decision-why">
        <code className="decision-code">{verdict.code}</code> · {verdict.why}
      </p>
      {proposal ? (
        <p className="decision-held" data-testid="decision-held">
          <span className="badge outcome-attendant"><span aria-hidden="true">{OUTCOME_GLYPH.attendant}</span> {t('outcome.attendant')}</span> {codeText(decision.code)}
        </p>
      ) : null}
    </div>
  );
}

/** The decision code of a session's entry or exit in words (session detail). */
export function DecisionCode({ code }: { code: string }): ReactNode {
  const codeText = useCodeText();
  return (
    <>
      {codeText(code)} <code className="decision-code">{code}</code>
    </>
  );
}
