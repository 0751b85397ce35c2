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

/** The lane's decision: outcome (glyph and word), what it was in words, the code, and the core's why. */
export function Decision({ decision, amountDue }: { decision: LaneView['decision']; amountDue?: LaneView['amountDue'] }): ReactNode {
  const { t, fmt } = useI18n();
  const codeText = useCodeText();
  if (!decision) return <p className="decision muted">{t('lanes.noDecision')}</p>;
  return (
    <div className={`decision decision-${decision.outcome}`} data-testid="decision" data-outcome={decision.outcome} data-code={decision.code}>
      <p className="decision-head">
        <span className={`badge outcome-${decision.outcome}`}>
          <span aria-hidden="true">{OUTCOME_GLYPH[decision.outcome]}</span> {t(`outcome.${decision.outcome}`)}
        </span>{' '}
        <b>{codeText(decision.code)}</b>
        {amountDue ? <b className="num"> · {t('lanes.amountDue', { amount: fmt.money(amountDue.minor, amountDue.currency) })}</b> : null}
      </p>
      <p className="decision-why" title={decision.why}>
        <code className="decision-code">{decision.code}</code> · {decision.why}
      </p>
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
