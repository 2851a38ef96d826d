import type { RunQuery } from "./page-query";

/** What the similar-avatars query is asked (SimilarQuery after parsing, or built directly by code). */
export interface SimilarFilter {
  prompt: string;
  style?: string;
  limit: number;
}

/** Most words of a prompt the full-text part looks at; a long prompt's first words say what it is. */
const MAX_WORDS = 24;
/** A last word shorter than this is not matched as a prefix: "ha" would find "happy" and "hair". */
const MIN_PREFIX = 3;
/** Words that carry no trait ("with", "on a"): Postgres drops most, but they would break up phrases. */
const FUNCTION_WORDS = new Set(
  "a an and the with on in of for to at by from as is are wearing has have very".split(" "),
);
/**
 * Words in nearly every gallery prompt ("… on a teal background", "portrait of …"): matching one says
 * nothing about the avatar, and alone it would offer the whole gallery for "a wizard on a background".
 */
const GENERIC_WORDS = new Set(["background", "backdrop", "portrait", "avatar", "picture", "image"]);

export interface SimilarTerms {
  /** An OR tsquery of the prompt's telling words, or null if none is left. */
  words: string | null;
  /** An OR tsquery of each pair of neighbouring telling words as a phrase, or null if none. */
  phrases: string | null;
  /** The telling words alone, for the trigram search: "on a … background" would match every prompt. */
  content: string;
}

/**
 * A prompt as OR tsqueries: an avatar sharing more of the words ranks higher, but none is required
 * (plainto_tsquery and websearch_to_tsquery AND every word, so a ten-word prompt would match nothing).
 * Neighbouring words also make phrases, so that "red hair" can rank red hair above a red background
 * with blue hair (ts_rank ignores word order). The last word may still be being typed, so it matches
 * as a prefix. Words only, so nothing typed can be tsquery syntax.
 */
export function similarTerms(prompt: string): SimilarTerms {
  const all = prompt.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  const terms: string[] = [];
  const phrases: string[] = [];
  const words: string[] = [];
  let previous: string | null = null;
  for (const [i, word] of all.entries()) {
    if (words.length >= MAX_WORDS) break;
    if (FUNCTION_WORDS.has(word) || GENERIC_WORDS.has(word)) {
      previous = null;
      continue;
    }
    const term = i === all.length - 1 && word.length >= MIN_PREFIX ? `${word}:*` : word;
    terms.push(term);
    if (previous) phrases.push(`(${previous} <-> ${term})`);
    words.push(word);
    previous = word;
  }
  const or = (items: string[]) => (items.length ? [...new Set(items)].join(" | ") : null);
  return { words: or(terms), phrases: or(phrases), content: [...new Set(words)].join(" ") };
}

/** Added to the rank of an avatar that has one of the typed phrases, e.g. "red hair" as such. */
const PHRASE_BONUS = 0.3;
/** Full-text matches scored by trigrams too: the best by rank, enough for any page of suggestions. */
const TEXT_CANDIDATES = 48;
/**
 * A score below this is a coincidence, not a match. One shared word of a long prompt (ts_rank about
 * 0.6 × the share of words found) plus the resemblance any two prompts have ("with a", trigram
 * similarities about 0.2 each) stays under it: "a wizard cat … in a dark forest" offers nobody with
 * dark skin. A shared word of a short prompt, or a close typo ("astronot"), is well above it.
 */
export const MIN_SCORE = 0.6;

/**
 * Up to `limit` gallery rows like `prompt`: same style first, then by a score that adds the
 * full-text rank (shared words, stemmed, tags included; more for a shared phrase) and two trigram
 * similarities (shared
 * letters): of the whole prompts, which favours a near-identical prompt, and of the typed text within
 * a gallery prompt, which is what a few words typed so far can have.
 *
 * Trigram similarity costs about 10 µs a row, so it only scores a bounded set: the best full-text
 * matches and, when those are fewer than a page (a typo, a word cut short), the prompts the trigram
 * index finds for the telling words. Postgres costs the trigram operators like a cheap comparison, so
 * it may plan that rescue as a scan; the LIMIT bounds it, and it only runs when full text failed.
 */
export function similarSql(columns: string, q: SimilarFilter) {
  // Constants go into the text as they are; everything typed goes in as a parameter.
  const values: unknown[] = [];
  const param = (value: unknown) => `$${values.push(value)}`;
  const terms = similarTerms(q.prompt);
  const prompt = param(q.prompt);
  const limit = param(q.limit);
  const text = `
    with input as (
      select ${prompt}::text as prompt, ${param(terms.content)}::text as content,
        to_tsquery('english', coalesce(${param(terms.words)}, '')) as words,
        to_tsquery('english', coalesce(${param(terms.phrases)}, '')) as phrases,
        ${param(q.style ?? null)}::text as style
    ),
    by_text as (
      select g.id,
        ts_rank(g.search, i.words) + case when g.search @@ i.phrases then ${PHRASE_BONUS} else 0 end as rank
      from public.gallery_avatars g, input i
      where g.search @@ i.words
      order by g.style is not distinct from i.style desc, rank desc
      limit ${TEXT_CANDIDATES}
    ),
    by_trigram as (
      select g.id, 0::real as rank
      from public.gallery_avatars g, input i
      where (select count(*) from by_text) < ${limit} and i.content <> ''
        and i.content operator(extensions.<%) g.prompt
      limit ${TEXT_CANDIDATES}
    ),
    scored as (
      select g.id, g.style is not distinct from i.style as same_style,
        max(c.rank) + extensions.similarity(g.prompt, i.prompt)
          + extensions.word_similarity(i.prompt, g.prompt) as score
      from (select * from by_text union all select * from by_trigram) c
      join public.gallery_avatars g on g.id = c.id, input i
      group by g.id, i.style, i.prompt
    )
    select ${columns}, s.score
    from scored s join public.gallery_avatars using (id)
    where s.score >= ${MIN_SCORE}
    order by s.same_style desc, s.score desc, id desc
    limit ${limit}`;
  return { text, values };
}

/** The similar avatars' rows, best first. Shared by the API and the benchmark. */
export async function fetchSimilarRows<T>(
  run: RunQuery<T>,
  columns: string,
  q: SimilarFilter,
): Promise<T[]> {
  const { text, values } = similarSql(columns, q);
  return run(text, values);
}
