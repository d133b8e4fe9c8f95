/**
 * How people are named in messages. An officer's rank is kept apart from their name, so that an
 * ordinary message can say "PC Alex Morgan" while a discreet one says only "Alex". A victim is
 * greeted by the name they asked to be called, else their full name; a title alone ("Mrs") never.
 */

/** Police ranks as written before a name; the longest first, so "Ch Insp" wins over "Insp". */
export const RANKS = ['Ch Supt', 'Ch Insp', 'Det Sgt', 'Det Con', 'PCSO', 'DCI', 'Sgt', 'Insp', 'Supt', 'PC', 'DC', 'DS', 'DI'] as const;

/** Titles that are never a greeting on their own. */
export const TITLES = ['Mrs', 'Mr', 'Ms', 'Miss', 'Mx', 'Dr', 'Prof', 'Rev', 'Sir', 'Dame', 'Lord', 'Lady'] as const;

const words = (text: string): string[] => text.trim().split(/\s+/).filter(Boolean);
const bare = (word: string): string => word.replace(/\.$/, '').toLowerCase();
const RANK_WORDS = RANKS.map((rank) => words(rank).map(bare));
const TITLE_SET = new Set(TITLES.map((t) => t.toLowerCase()));

/** "PC Alex Morgan" → { rank: "PC", name: "Alex Morgan" }; a name without a known rank is kept whole. */
export function splitRank(fullName: string): { rank: string | null; name: string } {
  const parts = words(fullName);
  for (const [i, rankWords] of RANK_WORDS.entries()) {
    if (parts.length > rankWords.length && rankWords.every((w, j) => bare(parts[j]) === w)) {
      return { rank: RANKS[i], name: parts.slice(rankWords.length).join(' ') };
    }
  }
  return { rank: null, name: parts.join(' ') };
}

export const isTitle = (word: string): boolean => TITLE_SET.has(bare(word));

/** The name without leading titles or rank: what remains to call a person by. */
function withoutTitles(name: string): string[] {
  const parts = words(splitRank(name).name);
  while (parts.length > 0 && isTitle(parts[0])) parts.shift();
  return parts;
}

/** An officer as ordinary messages name them: "PC Alex Morgan". */
export function officerFullName(officer: { rank?: string | null; name: string }): string {
  return officer.rank ? `${officer.rank} ${officer.name}` : officer.name;
}

/** An officer as discreet messages name them: the first name only, never a rank or title ("Alex"). */
export function officerFirstName(officer: { name: string }): string {
  return withoutTitles(officer.name)[0] ?? 'us';
}

/** How a victim is greeted: "what should we call you", else the full name; never a title alone. */
export function victimGreetingName(victim: { name: string; preferredName?: string | null }): string {
  for (const candidate of [victim.preferredName, victim.name]) {
    const parts = words(candidate ?? '');
    if (parts.length > 0 && !parts.every(isTitle)) return parts.join(' ');
  }
  return 'there';
}
