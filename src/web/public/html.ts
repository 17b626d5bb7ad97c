// HTML built from templates whose every interpolated value is escaped, unless it is itself Html: the pages
// show what strangers typed (ids, search words, receipts) and what staff typed (names, addresses), so no value
// reaches the page as markup.

/** Markup already escaped (or written here): interpolated as it is. */
export class Html {
  readonly text: string;
  constructor(text: string) {
    this.text = text;
  }
  toString(): string {
    return this.text;
  }
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** A text made safe inside an element or a quoted attribute. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

/** A value as markup: Html as it is, arrays joined, null/undefined/false as nothing, anything else escaped. */
/** What a template takes: markup, text, numbers, lists of these; false and nothing show as nothing. */
export type Value = Html | string | number | boolean | null | undefined | readonly Value[];

function part(v: Value): string {
  if (v instanceof Html) return v.text;
  if (Array.isArray(v)) return (v as readonly Value[]).map(part).join('');
  if (v === null || v === undefined || v === false) return '';
  return escapeHtml(String(v));
}

/** The tagged template of every page: `html\`<p>${name}</p>\`` escapes name. */
export function html(strings: TemplateStringsArray, ...values: Value[]): Html {
  let out = strings[0]!;
  for (let i = 0; i < values.length; i++) out += part(values[i]) + strings[i + 1]!;
  return new Html(out);
}

/** Trusted markup written by this module (never a value from outside): the inline CSS and script data. */
export function raw(text: string): Html {
  return new Html(text);
}

/** JSON to put inside a <script type="application/json">: `<` escaped so that no `</script>` can end it. */
export function jsonScript(value: unknown): Html {
  return new Html(JSON.stringify(value).replace(/</g, '\\u003c'));
}
