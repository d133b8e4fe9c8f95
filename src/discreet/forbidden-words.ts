/**
 * Words a discreet message must never contain: what would tell someone reading over a victim's
 * shoulder that the police, the council or a housing provider is in touch about anti-social
 * behaviour. Whole words or phrases, any case; organisation names and codes are always added.
 */
export class ForbiddenWords {
  private readonly pattern: RegExp | null;

  constructor(readonly terms: readonly string[]) {
    const cleaned = [...new Set(terms.map((t) => t.trim()).filter(Boolean))].sort((a, b) => b.length - a.length);
    const escaped = cleaned.map((t) => t.split(/\s+/).map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('[\\s\\u00a0]+'));
    this.pattern = escaped.length ? new RegExp(`(?<![\\p{L}\\p{N}])(?:${escaped.join('|')})(?![\\p{L}\\p{N}])`, 'giu') : null;
  }

  /** The configured words plus every organisation's name and code. */
  static for(configured: readonly string[], organisations: readonly { name: string; code: string }[]): ForbiddenWords {
    return new ForbiddenWords([...configured, ...organisations.flatMap((o) => [o.name, o.code])]);
  }

  /** Each forbidden word or phrase found in the text, as written there. */
  find(text: string): string[] {
    if (!this.pattern) return [];
    return [...new Set([...text.matchAll(this.pattern)].map((m) => m[0]))];
  }
}
