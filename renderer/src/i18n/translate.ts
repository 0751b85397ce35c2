/**
 * The console's one text layer. A message is a string with `{name}` placeholders, or a plural form object chosen
 * by Intl.PluralRules on the `count` parameter (`=0`, `=1` exact matches first). Numbers in parameters are
 * formatted for the locale. A missing parameter stays visible as `{name}` so it is caught in review, not hidden.
 */
export type PluralMessage = { readonly other: string } & Partial<
  Record<'=0' | '=1' | 'zero' | 'one' | 'two' | 'few' | 'many', string>
>;
export type Message = string | PluralMessage;
export type Catalog = Readonly<Record<string, Message>>;
export type Params = Readonly<Record<string, string | number | null | undefined>>;

const PLACEHOLDER = /\{([a-zA-Z0-9_]+)\}/g;

export function interpolate(template: string, params: Params | undefined, locale: string): string {
  if (!params) return template;
  const nf = new Intl.NumberFormat(locale);
  return template.replace(PLACEHOLDER, (whole, name: string) => {
    const v = params[name];
    if (v === undefined || v === null) return whole;
    return typeof v === 'number' ? nf.format(v) : v;
  });
}

export function selectPlural(message: PluralMessage, count: number, locale: string): string {
  const exact = message[`=${count}` as '=0' | '=1'];
  if (exact !== undefined) return exact;
  const category = new Intl.PluralRules(locale).select(count) as keyof PluralMessage;
  return message[category] ?? message.other;
}

export type Translate<K extends string> = (key: K, params?: Params) => string;

export function createTranslator<C extends Catalog>(catalog: C, locale: string, fallback?: Catalog): Translate<Extract<keyof C, string>> {
  return (key, params) => {
    const message: Message | undefined = catalog[key] ?? fallback?.[key];
    if (message === undefined) return key;
    if (typeof message === 'string') return interpolate(message, params, locale);
    const count = typeof params?.count === 'number' ? params.count : 0;
    return interpolate(selectPlural(message, count, locale), params, locale);
  };
}
