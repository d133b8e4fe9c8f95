import { DefaultNamingStrategy } from 'typeorm';

/** `responseDueAt` ↔ `response_due_at`, so entities read as TypeScript and tables as SQL. */
export class SnakeNamingStrategy extends DefaultNamingStrategy {
  override columnName(propertyName: string, customName: string | undefined, prefixes: string[]): string {
    const name = customName ?? propertyName.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
    return prefixes.length ? `${prefixes.join('_')}_${name}` : name;
  }
}
