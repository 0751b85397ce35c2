import { useId, type ComponentPropsWithRef, type KeyboardEvent, type ReactNode } from 'react';

interface FieldProps {
  /** The control's id; generated when not given. */
  id?: string | undefined;
  label: string;
  error?: string | undefined;
  hint?: ReactNode;
  children: (props: { id: string; 'aria-invalid': boolean; 'aria-describedby': string | undefined }) => ReactNode;
  wide?: boolean;
}

/**
 * A labelled control with its own error line, which names the field in plain words. The error line keeps its
 * height when empty so the form below does not jump when a message appears.
 */
export function Field({ id: givenId, label, error, hint, children, wide }: FieldProps): ReactNode {
  const generated = useId();
  const id = givenId ?? generated;
  const errId = `${id}-err`;
  const hintId = `${id}-hint`;
  const describedBy = [error ? errId : null, hint ? hintId : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`field${wide ? ' field-wide' : ''}${error ? ' field-invalid' : ''}`}>
      <label htmlFor={id}>{label}</label>
      {children({ id, 'aria-invalid': Boolean(error), 'aria-describedby': describedBy })}
      {hint && !error ? (
        <span className="field-hint" id={hintId}>
          {hint}
        </span>
      ) : (
        <span className="field-error" id={errId} role={error ? 'alert' : undefined}>
          {error ?? ''}
        </span>
      )}
    </div>
  );
}

type InputProps = Omit<ComponentPropsWithRef<'input'>, 'children'> & { label: string; error?: string | undefined; hint?: ReactNode; wide?: boolean };

export function TextField({ id, label, error, hint, wide, ...rest }: InputProps): ReactNode {
  return (
    <Field id={id} label={label} error={error} hint={hint} wide={wide ?? false}>
      {(a) => <input {...rest} {...a} />}
    </Field>
  );
}

type SelectProps = Omit<ComponentPropsWithRef<'select'>, 'children'> & {
  label: string;
  error?: string | undefined;
  options: readonly { value: string; label: string }[];
  hint?: ReactNode;
  /** A row of its own, for choices whose labels are sentences. */
  wide?: boolean;
};

/**
 * Enter on a closed list sends its form, as in every other field (Chromium would open the list instead); arrows
 * still change the choice. A caller's own onKeyDown runs first and may take the key.
 */
export function SelectField({ id, label, error, hint, options, wide, onKeyDown, ...rest }: SelectProps): ReactNode {
  const onKey = (e: KeyboardEvent<HTMLSelectElement>): void => {
    onKeyDown?.(e);
    if (e.defaultPrevented || e.key !== 'Enter' || e.altKey || e.ctrlKey || e.metaKey || e.shiftKey || !e.currentTarget.form) return;
    e.preventDefault();
    e.currentTarget.form.requestSubmit();
  };
  return (
    <Field id={id} label={label} error={error} hint={hint} {...(wide ? { wide } : {})}>
      {(a) => (
        <select {...rest} {...a} onKeyDown={onKey}>
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}
