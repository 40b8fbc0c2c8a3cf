// German umlauts get their conventional two-letter spelling ("Döhren" → "doehren"), as people type them
// in URLs; letters that do not decompose into a base letter plus accents get an explicit ASCII form.
const transliterations: Record<string, string> = {
  ä: 'ae',
  ö: 'oe',
  ü: 'ue',
  ß: 'ss',
  æ: 'ae',
  ø: 'oe',
  œ: 'oe',
  ı: 'i',
  ł: 'l',
  đ: 'd',
  ð: 'd',
  þ: 'th',
};

/**
 * The URL name of a council from its district's name: "Herrenhausen-Stöcken" → "herrenhausen-stoecken".
 * Lower case, umlauts spelled out, other accents dropped ("é" → "e"), every other run of characters
 * outside [a-z0-9] becomes one "-", and no "-" at either end. Returns "" when nothing usable is left.
 */
export function slugify(name: string): string {
  return (
    name
      // NFC first so that a decomposed "o" + combining diaeresis is still recognised as "ö".
      .normalize('NFC')
      .toLowerCase()
      .replace(/[äöüßæøœıłđðþ]/g, (c) => transliterations[c] ?? c)
      .normalize('NFKD')
      .replace(/\p{M}+/gu, '')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
  );
}
