import type { ReactNode } from 'react';
import type { ScreenDef, ScreenId } from '../app/routes';
import { useI18n } from '../i18n';

/** The screens this role may use, each with its function key shown, and a live count beside a screen that has one. */
export function Nav({ screens, current, onGo, counts = {} }: { screens: readonly ScreenDef[]; current: ScreenId; onGo: (id: ScreenId) => void; counts?: Partial<Record<ScreenId, ReactNode>> }): ReactNode {
  const { t } = useI18n();
  return (
    <nav className="nav" aria-label={t('nav.label')}>
      <ul>
        {screens.map((s) => (
          <li key={s.id}>
            <button
              type="button"
              className={`nav-item${s.id === current ? ' nav-current' : ''}`}
              aria-current={s.id === current ? 'page' : undefined}
              data-screen={s.id}
              onClick={() => onGo(s.id)}
            >
              <kbd>{s.key}</kbd>
              <span>{t(s.label)}</span>
              {counts[s.id]}
            </button>
          </li>
        ))}
      </ul>
      <p className="nav-help">
        <kbd>/</kbd> {t('nav.helpSearch')}
        <br />
        <kbd>Esc</kbd> {t('nav.helpEsc')}
        <br />
        <kbd>Enter</kbd> {t('nav.helpEnter')}
      </p>
    </nav>
  );
}
