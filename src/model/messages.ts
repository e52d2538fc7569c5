/**
 * The words of the interface in an issue's language, from a catalogue per language
 * (templates/locales/<lang>.yaml). A message is text with `{name}` placeholders, or its
 * plural forms by the language's categories (Intl.PluralRules), picked by `count`.
 */
export type Message = string | Readonly<{ [category in Intl.LDMLPluralRule]?: string | undefined }>;
export type Catalogue = Readonly<Record<string, Message>>;

/** The catalogues of a build, by language code; `en` is the one every other falls back to. */
export type Catalogues = ReadonlyMap<string, Catalogue>;

export type Translate = (key: string, values?: Readonly<Record<string, unknown>>) => string;

/** The catalogue for a language tag: its own (`pt-br`), else its language's (`pt`). */
export function catalogueFor(catalogues: Catalogues, lang: string): Catalogue | undefined {
  const code = lang.toLowerCase();
  return catalogues.get(code) ?? catalogues.get(code.split('-')[0] ?? code);
}

/**
 * `translate('pages', { count: 5 })` → "5 страниц" in Russian. A key the language's
 * catalogue lacks is taken from English (`check` warns of it), and a key no catalogue
 * has is shown as itself, so a template's typo is seen on the page.
 */
export function translator(catalogues: Catalogues, lang: string): Translate {
  const own = catalogueFor(catalogues, lang);
  const english = catalogues.get('en');
  const plurals = new Intl.PluralRules(lang);
  const numbers = new Intl.NumberFormat(lang);
  return (key, values = {}) => {
    const fromOwn = own?.[key];
    const message = fromOwn ?? english?.[key] ?? key;
    const count = typeof values['count'] === 'number' ? values['count'] : undefined;
    // English forms for English text: a fallback message is chosen by English plural rules.
    const rules = fromOwn === undefined ? new Intl.PluralRules('en') : plurals;
    const text = typeof message === 'string' ? message : (message[count === undefined ? 'other' : rules.select(count)] ?? message.other ?? key);
    return text.replace(/\{(\w+)\}/g, (placeholder, name: string) => {
      const value = values[name];
      if (value === undefined) return placeholder;
      return typeof value === 'number' ? numbers.format(value) : String(value);
    });
  };
}

/**
 * One plural form of a message as written, its placeholders kept: for a script that
 * counts by itself (the search box), picking the form with Intl.PluralRules.
 */
export function pluralForm(catalogues: Catalogues, lang: string, key: string, category: Intl.LDMLPluralRule): string {
  const message = catalogueFor(catalogues, lang)?.[key] ?? catalogues.get('en')?.[key] ?? key;
  return typeof message === 'string' ? message : (message[category] ?? message.other ?? key);
}

/**
 * What a language's catalogue lacks against English: keys, and plural forms its own
 * rules need (Russian: one, few, many). Empty when it has everything.
 */
export function missingMessages(catalogues: Catalogues, lang: string): string[] {
  const own = catalogueFor(catalogues, lang);
  const english = catalogues.get('en') ?? {};
  if (own === undefined) return Object.keys(english);
  const categories = new Intl.PluralRules(lang).resolvedOptions().pluralCategories;
  const missing: string[] = [];
  for (const [key, message] of Object.entries(english)) {
    const mine = own[key];
    if (mine === undefined) missing.push(key);
    else if (typeof message !== 'string' && typeof mine !== 'string') for (const category of categories) if (mine[category] === undefined) missing.push(`${key}.${category}`);
  }
  return missing;
}
