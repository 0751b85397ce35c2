import type { FormEvent, ReactNode } from 'react';

/** One of the forms below the settings, saved on its own: a titled section around a form grid. */
export function SectionForm({ testId, title, onSubmit, children }: { testId: string; title: string; onSubmit(e: FormEvent): void; children: ReactNode }): ReactNode {
  const titleId = `${testId}-title`;
  return (
    <section className="site-form" data-testid={testId} aria-labelledby={titleId}>
      <h2 id={titleId}>{title}</h2>
      <form className="form-grid" onSubmit={onSubmit} noValidate>
        {children}
      </form>
    </section>
  );
}
