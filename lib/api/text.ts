/**
 * Text that PostgreSQL can store: `text` columns refuse NUL (U+0000), and a lone UTF-16 surrogate
 * has no UTF-8 encoding at all. Either would reach the database as a 500; every schema whose string
 * is stored or used in a query refuses it first, as an invalid parameter naming the field. No
 * server imports: the browser's forms use the same schemas.
 */
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function isStorableText(value: string): boolean {
  return !UNSTORABLE.test(value);
}

export const UNSTORABLE_TEXT_MESSAGE =
  "must not contain NUL characters (\\u0000) or unpaired UTF-16 surrogates";
