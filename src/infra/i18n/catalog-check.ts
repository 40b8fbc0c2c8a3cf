/** Finds what a translation lacks compared with the German catalog: keys, text, placeholders, plural forms. */
export function findCatalogProblems(reference: Record<string, string>, catalog: Record<string, string | undefined>): string[] {
  const problems: string[] = [];
  const placeholders = (message: string) => [...message.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort().join(',');
  for (const [key, message] of Object.entries(reference)) {
    const translated = catalog[key];
    if (translated === undefined) problems.push(`missing key: ${key}`);
    else if (translated.trim() === '') problems.push(`empty message: ${key}`);
    else if (placeholders(translated) !== placeholders(message)) problems.push(`placeholders differ: ${key}`);
  }
  for (const key of Object.keys(catalog)) {
    if (!(key in reference)) problems.push(`unknown key: ${key}`);
    if (key.endsWith('.one') && !(`${key.slice(0, -4)}.other` in catalog)) problems.push(`plural without .other: ${key}`);
  }
  return problems;
}
