/**
 * PDF letters and minutes (A4, DIN 5008-like letterhead) whose text may mix German, Turkish,
 * Cyrillic, Arabic and Persian, even within one line.
 *
 * pdfkit writes the document (pages, metadata, font subsets); the text itself is laid out here:
 * - the Unicode bidirectional algorithm (bidi-js) gives each character its embedding level;
 * - each run gets a font that has its glyphs (DejaVu Sans first, Noto Sans Arabic for Arabic
 *   letters DejaVu lacks, e.g. Urdu), preferring one font for a whole right-to-left stretch;
 * - fontkit shapes each run (Arabic joining forms, lam-alef, kerning) in its direction;
 * - lines wrap at spaces, then runs are reordered visually (rule L2 of the algorithm).
 *
 * Exact text extraction: glyphs are written in visual order, as in any PDF, and every glyph's
 * ToUnicode entry is the text of exactly that occurrence (a glyph that stands for different
 * characters, like the medial form Arabic and Persian yeh share, gets one CID per text). Each
 * right-to-left stretch is one font and one marked-content span, so extractors (pdf.js, poppler)
 * see it as one piece and turn it back into reading order, and the pieces of a line come in
 * reading order. Spaces are gaps, not glyphs, so that extractors infer them on both sides of a
 * right-to-left stretch. (/ActualText is not used: poppler reorders it a second time.)
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Bidi } from 'bidi-js';
import { create as createFontkitFont, type Font, type Glyph } from 'fontkit';
import PDFDocument from 'pdfkit';

export type PdfBlock =
  | { kind: 'heading'; text: string; level?: 1 | 2 | 3 }
  | { kind: 'paragraph'; text: string; bold?: boolean; small?: boolean }
  | { kind: 'list'; items: string[] } // bullet list
  | { kind: 'agenda'; items: Array<{ number: string; title: string; level: 0 | 1; note?: string }> } // "1  Eröffnung", "2.1  …" indented; note in a smaller line below
  | { kind: 'table'; columns: string[]; rows: string[][]; numeric?: number[] } // numeric = indexes of right-aligned columns; header row repeated on a new page
  | { kind: 'keyValue'; items: Array<{ key: string; value: string }> } // "Datum: Montag, 14. Dezember 2026"
  | { kind: 'signature'; lines: string[] }; // some space, then the lines (e.g. "gez. Heide Stolzenwald", "Vorsitzende")

export interface PdfLetterhead {
  sender: string[]; // top right block, e.g. ["Landeshauptstadt Hannover", "Integrationsbeirat Mitte", "Geschäftsführung", "mitte@example.org"]
  recipient?: string[]; // address window top left, e.g. ["Frau", "Şükrü Ağaoğlu"]
  place?: string; // e.g. "Hannover"
  date?: string; // already formatted, e.g. "1. Dezember 2026" → printed "Hannover, 1. Dezember 2026"
}

export interface PdfSection {
  letterhead?: PdfLetterhead;
  blocks: PdfBlock[];
} // each section starts on a new page (one letter per member)

export interface PdfDocumentSpec {
  title: string; // PDF metadata Title, also shown nowhere else
  author?: string; // metadata
  lang: string; // BCP 47, set as the document's /Lang
  footer?: string; // small text at the bottom of each page, left
  pageLabel?: (page: number, pages: number) => string; // bottom right, e.g. "Seite 1 von 3"
  sections: PdfSection[];
}

// ---------------------------------------------------------------------------------------------
// Fonts (loaded once per process, on first use)

const require = createRequire(import.meta.url);

interface Face {
  key: string;
  font: Font;
  unitsPerEm: number;
  covers(codePoint: number): boolean;
}

interface FaceSet {
  regular: Face[]; // in order of preference
  bold: Face[];
  spaceEm: number; // width of a space, in em
}

const fontFiles = {
  'dejavu-sans': 'dejavu-fonts-ttf/ttf/DejaVuSans.ttf',
  'dejavu-sans-bold': 'dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf',
  'noto-sans-arabic': '@fontsource/noto-sans-arabic/files/noto-sans-arabic-arabic-400-normal.woff',
  'noto-sans-arabic-bold': '@fontsource/noto-sans-arabic/files/noto-sans-arabic-arabic-700-normal.woff',
} as const;

/**
 * fontkit keeps one Glyph object per glyph id, carrying the code points of its first use. A shared
 * glyph (the same medial form for Arabic and Persian yeh, a Noto skeleton letter) would then map
 * to the wrong text, so this font hands out a view of the glyph with the code points of each use.
 */
function exactCodePoints(font: Font): Font {
  const original = font.getGlyph.bind(font);
  const views = new Map<string, Glyph>();
  font.getGlyph = (id: number, codePoints?: number[]): Glyph => {
    const glyph = original(id, codePoints);
    if (!glyph || !codePoints || codePoints.length === 0) return glyph;
    if (glyph.codePoints.length === codePoints.length && glyph.codePoints.every((c, i) => c === codePoints[i])) return glyph;
    const key = `${id}:${codePoints.join(',')}`;
    let view = views.get(key);
    if (!view) {
      view = Object.create(glyph, { codePoints: { value: [...codePoints] } }) as Glyph;
      views.set(key, view);
    }
    return view;
  };
  return font;
}

function loadFace(key: keyof typeof fontFiles): Face {
  const file = readFileSync(require.resolve(fontFiles[key]));
  const font = exactCodePoints(createFontkitFont(file) as Font);
  const coverage = new Map<number, boolean>();
  return {
    key,
    font,
    unitsPerEm: font.unitsPerEm,
    covers(codePoint) {
      let has = coverage.get(codePoint);
      if (has === undefined) coverage.set(codePoint, (has = font.hasGlyphForCodePoint(codePoint)));
      return has;
    },
  };
}

let faceSet: FaceSet | undefined;
function faces(): FaceSet {
  if (!faceSet) {
    const regular = [loadFace('dejavu-sans'), loadFace('noto-sans-arabic')];
    const bold = [loadFace('dejavu-sans-bold'), loadFace('noto-sans-arabic-bold')];
    const dejavu = regular[0]!.font;
    faceSet = { regular, bold, spaceEm: dejavu.glyphForCodePoint(0x20).advanceWidth / dejavu.unitsPerEm };
  }
  return faceSet;
}

let bidiInstance: Bidi | undefined;
function bidi(): Bidi {
  return (bidiInstance ??= (require('bidi-js') as () => Bidi)());
}

// ---------------------------------------------------------------------------------------------
// Shaping

interface ShapedGlyph {
  id: number;
  codePoints: number[]; // the text this glyph stands for, as written to ToUnicode
  advanceWidth: number; // the glyph's own advance (font units), for the PDF widths array
  xAdvance: number; // advance after shaping and kerning (font units)
  xOffset: number;
  yOffset: number;
}

interface Shaped {
  glyphs: ShapedGlyph[]; // in visual order
  advance: number; // font units
}

const ZERO_WIDTH_SPACE = 0x200b;
const arabicScript = /[\u0600-\u06ff\u0750-\u077f\u0870-\u08ff\ufb50-\ufdff\ufe70-\ufeff]/u;
const hebrewScript = /[\u0590-\u05ff\ufb1d-\ufb4f]/u;
const formatCharacter = /^\p{Cf}$/u;
// Default-ignorable code points that fontkit hides (variation selectors stay with their base).
const defaultIgnorable = /^[\u00ad\u034f\u061c\u17b4\u17b5\u180b-\u180e\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff]$/u;
const shapeCache = new Map<string, Shaped>();

function shape(face: Face, text: string, rtl: boolean): Shaped {
  const cacheKey = `${face.key}\u0000${rtl ? 'r' : 'l'}\u0000${text}`;
  const cached = shapeCache.get(cacheKey);
  if (cached) return cached;
  // Characters like brackets are mirrored in right-to-left runs (rule L4); ToUnicode keeps the
  // character of the text, so the glyph gets the code point it was mirrored from.
  let input = text;
  const mirrored = new Set<number>();
  if (rtl) {
    input = '';
    for (const ch of text) {
      const mirror = bidi().getMirroredCharacter(ch);
      if (mirror) {
        mirrored.add(mirror.codePointAt(0)!);
        input += mirror;
      } else input += ch;
    }
  }
  const script = arabicScript.test(text) ? 'arab' : hebrewScript.test(text) ? 'hebr' : undefined;
  const run = face.font.layout(input, [], script, undefined, rtl ? 'rtl' : 'ltr');
  const space = face.font.glyphForCodePoint(0x20).id;
  let glyphs: ShapedGlyph[] = run.glyphs.map((glyph, i) => {
    const position = run.positions[i]!;
    let codePoints = glyph.codePoints.map((c) => (mirrored.has(c) ? bidi().getMirroredCharacter(String.fromCodePoint(c))!.codePointAt(0)! : c));
    // A glyph with no characters of its own (a dot a font splits off a letter) maps to an
    // invisible format character, which extractors skip.
    if (codePoints.length === 0) codePoints = [ZERO_WIDTH_SPACE];
    // Extractors reverse a right-to-left stretch character by character; a ligature's text is
    // stored reversed so that it comes out in reading order.
    else if (rtl && codePoints.length > 1) codePoints = [...codePoints].reverse();
    return { id: glyph.id, codePoints, advanceWidth: glyph.advanceWidth, xAdvance: position.xAdvance, xOffset: position.xOffset, yOffset: position.yOffset };
  });
  // fontkit shows default-ignorable characters (ZWNJ in Persian "می‌شود", ZWJ, soft hyphen) as
  // empty spaces and forgets which they were; atoms hold no real spaces, so they get them back in
  // order. Extractors drop a glyph whose text is only a format character, so such a text goes in
  // front of the next glyph's text instead.
  const ignorables = [...text].map((ch) => ch.codePointAt(0)!).filter((c) => defaultIgnorable.test(String.fromCodePoint(c)));
  const hidden = glyphs.flatMap((glyph, i) => (glyph.id === space && glyph.xAdvance === 0 ? [i] : []));
  if (ignorables.length && hidden.length === ignorables.length) {
    if (rtl) ignorables.reverse();
    hidden.forEach((index, n) => (glyphs[index] = { ...glyphs[index]!, codePoints: [ignorables[n]!] }));
  }
  for (let i = glyphs.length - 2; i >= 0; i--) {
    const glyph = glyphs[i]!;
    if (glyph.id === space && glyph.xAdvance === 0 && glyph.codePoints.every((c) => formatCharacter.test(String.fromCodePoint(c)))) {
      const next = glyphs[i + 1]!;
      glyphs[i + 1] = { ...next, codePoints: [...glyph.codePoints, ...next.codePoints] };
      glyphs = [...glyphs.slice(0, i), ...glyphs.slice(i + 1)];
    }
  }
  const advance = glyphs.reduce((sum, glyph) => sum + glyph.xAdvance, 0);
  const shaped = { glyphs, advance };
  if (shapeCache.size > 20_000) shapeCache.clear();
  shapeCache.set(cacheKey, shaped);
  return shaped;
}

// ---------------------------------------------------------------------------------------------
// Paragraph layout: bidi levels, font runs, line breaking, visual order

interface TextStyle {
  size: number;
  bold: boolean;
}

/** A run of non-space characters with one level and one font. */
interface Atom {
  kind: 'atom';
  text: string; // logical order, as in the source
  start: number; // index in the hard line, for logical order
  level: number;
  face: Face;
  shaped: Shaped;
  width: number; // points
}

interface Space {
  kind: 'space';
  text: string;
  start: number;
  level: number;
  width: number;
  breakable: boolean;
}

type Piece = Atom | Space;

interface PlacedPiece {
  piece: Piece;
  x: number; // from the line's left edge
}

interface Group {
  pieces: PlacedPiece[];
  rtl: boolean; // a right-to-left stretch, written as one marked-content span
}

interface Line {
  groups: Group[];
  width: number;
}

interface Prepared {
  style: TextStyle;
  rtl: boolean; // base direction
  hardLines: Piece[][];
}

const breakableSpace = /[ \t\u1680\u2000-\u2006\u2008-\u200a\u205f\u3000]/u;
const nonBreakingSpace = /[\u00a0\u2007\u202f]/u;
const attachesToPrevious = /[\p{M}\u200c\u200d\ufe00-\ufe0f]/u;

function isSpace(ch: string): boolean {
  return breakableSpace.test(ch) || nonBreakingSpace.test(ch);
}

/** Base direction from the first strong character (rules P2, P3), left-to-right by default. */
function baseIsRtl(text: string): boolean {
  for (const ch of text) {
    const type = bidi().getBidiCharTypeName(ch);
    if (type === 'L') return false;
    if (type === 'R' || type === 'AL') return true;
  }
  return false;
}

function cleanText(text: string): string {
  return text
    .normalize('NFC')
    .replace(/\r\n?/g, '\n')
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '')
    .replace(/\t/g, ' ');
}

function firstFace(list: Face[], codePoint: number): Face {
  return list.find((face) => face.covers(codePoint)) ?? list[0]!;
}

function prepareHardLine(line: string, rtl: boolean, style: TextStyle): Piece[] {
  const { levels } = bidi().getEmbeddingLevels(line, rtl ? 'rtl' : 'ltr');
  const set = faces();
  const list = style.bold ? set.bold : set.regular;
  const chars = [...line];
  const starts: number[] = [];
  let offset = 0;
  for (const ch of chars) {
    starts.push(offset);
    offset += ch.length;
  }
  const level = (i: number) => levels[starts[i]!] ?? (rtl ? 1 : 0);

  // Fonts: a right-to-left stretch (the whole line if its base is right-to-left) takes the first
  // font that has all its glyphs, so that it stays in one font; otherwise character by character.
  const faceOf: Face[] = new Array<Face>(chars.length);
  const assignPerChar = (from: number, to: number) => {
    for (let i = from; i < to; i++) {
      const ch = chars[i]!;
      const previous = i > from ? faceOf[i - 1] : undefined;
      faceOf[i] = previous && attachesToPrevious.test(ch) && previous.covers(ch.codePointAt(0)!) ? previous : firstFace(list, ch.codePointAt(0)!);
    }
  };
  const assignStretch = (from: number, to: number) => {
    const codePoints = chars.slice(from, to).filter((ch) => !isSpace(ch)).map((ch) => ch.codePointAt(0)!);
    const face = list.find((f) => codePoints.every((c) => f.covers(c)));
    if (face) faceOf.fill(face, from, to);
    else assignPerChar(from, to);
  };
  if (rtl) assignStretch(0, chars.length);
  else {
    let i = 0;
    while (i < chars.length) {
      let j = i + 1;
      const odd = level(i) > 0;
      while (j < chars.length && level(j) > 0 === odd) j++;
      if (odd) assignStretch(i, j);
      else assignPerChar(i, j);
      i = j;
    }
  }

  const pieces: Piece[] = [];
  const spaceWidth = set.spaceEm * style.size;
  let i = 0;
  while (i < chars.length) {
    const start = starts[i]!;
    if (isSpace(chars[i]!)) {
      let j = i;
      let text = '';
      let breakable = false;
      while (j < chars.length && isSpace(chars[j]!)) {
        breakable ||= breakableSpace.test(chars[j]!);
        text += chars[j]!;
        j++;
      }
      pieces.push({ kind: 'space', text, start, level: level(i), width: spaceWidth, breakable });
      i = j;
      continue;
    }
    let j = i + 1;
    while (j < chars.length && !isSpace(chars[j]!) && level(j) === level(i) && faceOf[j] === faceOf[i]) j++;
    const text = chars.slice(i, j).join('');
    pieces.push(makeAtom(text, start, level(i), faceOf[i]!, style));
    i = j;
  }
  // Spaces at the start and end of a line are not printed.
  while (pieces[0]?.kind === 'space') pieces.shift();
  while (pieces.at(-1)?.kind === 'space') pieces.pop();
  return pieces;
}

function makeAtom(text: string, start: number, level: number, face: Face, style: TextStyle): Atom {
  const shaped = shape(face, text, level % 2 === 1);
  return { kind: 'atom', text, start, level, face, shaped, width: (shaped.advance / face.unitsPerEm) * style.size };
}

function prepare(text: string, style: TextStyle): Prepared {
  const clean = cleanText(text);
  const rtl = baseIsRtl(clean);
  return { style, rtl, hardLines: clean.split('\n').map((line) => prepareHardLine(line, rtl, style)) };
}

/** Words: what lies between breakable spaces. */
function words(pieces: Piece[]): Piece[][] {
  const out: Piece[][] = [];
  let word: Piece[] = [];
  for (const piece of pieces) {
    if (piece.kind === 'space' && piece.breakable) {
      if (word.length) out.push(word);
      out.push([piece]);
      word = [];
    } else word.push(piece);
  }
  if (word.length) out.push(word);
  return out;
}

const widthOf = (pieces: Piece[]) => pieces.reduce((sum, p) => sum + p.width, 0);

/** The widest unbreakable word and the widest hard line, for table columns. */
function measure(prepared: Prepared): { min: number; natural: number } {
  let min = 0;
  let natural = 0;
  for (const line of prepared.hardLines) {
    natural = Math.max(natural, widthOf(line));
    for (const word of words(line)) if (word[0]?.kind !== 'space' || word.length > 1) min = Math.max(min, widthOf(word));
  }
  return { min, natural };
}

/** Splits an atom so that its first part fits into `room` points (at least one character). */
function splitAtom(atom: Atom, room: number, style: TextStyle): [Atom, Atom | undefined] {
  const chars = [...atom.text];
  let count = 1;
  let head = makeAtom(chars[0]!, atom.start, atom.level, atom.face, style);
  for (let n = 2; n < chars.length; n++) {
    const candidate = makeAtom(chars.slice(0, n).join(''), atom.start, atom.level, atom.face, style);
    if (candidate.width > room) break;
    head = candidate;
    count = n;
  }
  if (count >= chars.length) return [atom, undefined];
  const headText = chars.slice(0, count).join('');
  return [head, makeAtom(chars.slice(count).join(''), atom.start + headText.length, atom.level, atom.face, style)];
}

function wrap(prepared: Prepared, maxWidth: number): Line[] {
  const lines: Line[] = [];
  for (const hardLine of prepared.hardLines) {
    const logical: Piece[][] = [];
    let current: Piece[] = [];
    let width = 0;
    let pendingSpace: Space | undefined;
    const flush = () => {
      logical.push(current);
      current = [];
      width = 0;
      pendingSpace = undefined;
    };
    for (const word of words(hardLine)) {
      const first = word[0]!;
      if (word.length === 1 && first.kind === 'space' && first.breakable) {
        if (current.length) pendingSpace = first;
        continue;
      }
      const wordWidth = widthOf(word);
      const spaceWidth = pendingSpace?.width ?? 0;
      if (current.length && width + spaceWidth + wordWidth <= maxWidth) {
        if (pendingSpace) current.push(pendingSpace);
        current.push(...word);
        width += spaceWidth + wordWidth;
        pendingSpace = undefined;
        continue;
      }
      if (current.length) flush();
      if (wordWidth <= maxWidth) {
        current.push(...word);
        width = wordWidth;
        continue;
      }
      // A word wider than the line (a long address, a URL): break it where it has to.
      const queue = [...word];
      while (queue.length) {
        const piece = queue.shift()!;
        if (width + piece.width <= maxWidth) {
          current.push(piece);
          width += piece.width;
        } else if (piece.kind === 'atom') {
          if (current.length && piece.width <= maxWidth) {
            flush();
            queue.unshift(piece);
            continue;
          }
          const [head, tail] = splitAtom(piece, maxWidth - width, prepared.style);
          if (current.length && head.width > maxWidth - width) {
            flush();
            queue.unshift(piece);
            continue;
          }
          current.push(head);
          width += head.width;
          if (tail) {
            flush();
            queue.unshift(tail);
          }
        } else if (current.length) flush();
      }
    }
    if (current.length || logical.length === 0) logical.push(current);
    for (const pieces of logical) {
      while (pieces.at(-1)?.kind === 'space') pieces.pop();
      lines.push(visualLine(pieces, prepared.rtl));
    }
  }
  return lines;
}

/** Reorders a line's pieces for display (rule L2) and groups right-to-left stretches. */
function visualLine(logical: Piece[], rtl: boolean): Line {
  const visual = [...logical];
  let highest = 0;
  let lowestOdd = Number.POSITIVE_INFINITY;
  for (const piece of visual) {
    highest = Math.max(highest, piece.level);
    if (piece.level % 2 === 1) lowestOdd = Math.min(lowestOdd, piece.level);
  }
  for (let level = highest; level >= lowestOdd; level--) {
    let i = 0;
    while (i < visual.length) {
      if (visual[i]!.level < level) {
        i++;
        continue;
      }
      let j = i;
      while (j < visual.length && visual[j]!.level >= level) j++;
      const reversed = visual.slice(i, j).reverse();
      visual.splice(i, j - i, ...reversed);
      i = j;
    }
  }
  let x = 0;
  const placed = visual.map((piece) => {
    const p = { piece, x };
    x += piece.width;
    return p;
  });
  const groups: Group[] = [];
  if (rtl) groups.push({ pieces: placed, rtl: true });
  else {
    let i = 0;
    while (i < placed.length) {
      const odd = placed[i]!.piece.level > 0;
      let j = i + 1;
      while (j < placed.length && placed[j]!.piece.level > 0 === odd) j++;
      const pieces = placed.slice(i, j);
      groups.push({ pieces, rtl: odd });
      i = j;
    }
  }
  return { groups, width: x };
}

// ---------------------------------------------------------------------------------------------
// Writing glyphs into pdfkit pages

/** The parts of pdfkit's document and embedded font objects this module drives directly. */
interface KitFont {
  id: string;
  scale: number;
  subset: { glyphs: number[]; mapping: Record<number, number>; includeGlyph(glyph: number): number };
  unicode: number[][];
  widths: number[];
  ref(): unknown;
}
interface KitDocument {
  _font: KitFont;
  page: { fonts: Record<string, unknown> };
  addContent(data: string): unknown;
}

/**
 * One document's embedded fonts. A glyph gets one CID per text it stands for: fontkit's subset
 * writes an outline once per entry, so a second entry for the same glyph is a second CID whose
 * ToUnicode can say something else, in the same font.
 */
class FontBook {
  private readonly fonts = new Map<Face, { kit: KitFont; cids: Map<string, number> }>();
  constructor(private readonly doc: PDFKit.PDFDocument) {}

  private embedded(face: Face) {
    let font = this.fonts.get(face);
    if (!font) {
      this.doc.font(face.font as unknown as PDFKit.Mixins.PDFFontSource, `beirat-${face.key}`);
      font = { kit: (this.doc as unknown as KitDocument)._font, cids: new Map() };
      this.fonts.set(face, font);
    }
    return font;
  }

  /** The font resource name (registered on the current page) and the glyph's CID in it. */
  glyph(face: Face, glyph: ShapedGlyph): { font: KitFont; cid: number } {
    const { kit, cids } = this.embedded(face);
    (this.doc as unknown as KitDocument).page.fonts[kit.id] = kit.ref();
    const key = `${glyph.id}:${glyph.codePoints.join(',')}`;
    let cid = cids.get(key);
    if (cid === undefined) {
      const { subset } = kit;
      if (subset.mapping[glyph.id] == null) cid = subset.includeGlyph(glyph.id);
      else {
        subset.glyphs.push(glyph.id);
        cid = subset.glyphs.length - 1;
      }
      cids.set(key, cid);
      kit.unicode[cid] = glyph.codePoints;
      // Marks and split-off dots advance nothing; with width 0 here extractors, which skip or
      // zero them, keep track of the position and do not split the text around them.
      kit.widths[cid] = glyph.xAdvance === 0 ? 0 : glyph.advanceWidth * kit.scale;
    }
    return { font: kit, cid };
  }
}

const num = (n: number) => {
  const s = n.toFixed(2);
  return s.includes('.') ? s.replace(/\.?0+$/, '') : s;
};

// ---------------------------------------------------------------------------------------------
// Page layout

const mm = 72 / 25.4;
const PAGE = { width: 595.28, height: 841.89 };
const MARGIN = { left: 25 * mm, right: 20 * mm, top: 20 * mm, bottom: 25 * mm };
const CONTENT_WIDTH = PAGE.width - MARGIN.left - MARGIN.right;
const BODY: TextStyle = { size: 10.5, bold: false };
const BODY_BOLD: TextStyle = { size: 10.5, bold: true };
const SMALL: TextStyle = { size: 8.5, bold: false };
const SMALL_BOLD: TextStyle = { size: 8.5, bold: true };
const TABLE: TextStyle = { size: 9.5, bold: false };
const TABLE_BOLD: TextStyle = { size: 9.5, bold: true };
const HEADINGS: Record<1 | 2 | 3, { style: TextStyle; before: number; after: number }> = {
  1: { style: { size: 15, bold: true }, before: 12, after: 6 },
  2: { style: { size: 12.5, bold: true }, before: 10, after: 4 },
  3: { style: { size: 11, bold: true }, before: 8, after: 3 },
};
const BLOCK_GAP = 7;
const GRAY = 0.35;

const lineHeight = (style: TextStyle) => style.size * 1.38;

type Align = 'left' | 'right' | 'start';

class Writer {
  y = MARGIN.top; // top of the next line box
  private atPageTop = true;
  private readonly fonts: FontBook;

  constructor(private readonly doc: PDFKit.PDFDocument) {
    this.fonts = new FontBook(doc);
  }

  get bottom(): number {
    return PAGE.height - MARGIN.bottom;
  }

  newPage(): void {
    this.doc.addPage({ size: 'A4', margin: 0 });
    this.y = MARGIN.top;
    this.atPageTop = true;
  }

  /** Starts a new page unless `height` more points fit on this one (or it is still empty). */
  need(height: number): void {
    if (this.y + height > this.bottom && !this.atPageTop) this.newPage();
  }

  gap(points: number): void {
    if (!this.atPageTop) this.y += points;
  }

  /** Lays out and writes a text in a box `width` wide at `x`, breaking pages between lines. */
  text(text: string, style: TextStyle, x: number, width: number, options: { align?: Align; gray?: boolean } = {}): void {
    const prepared = prepare(text, style);
    const align = options.align === 'start' || !options.align ? (prepared.rtl ? 'right' : 'left') : options.align;
    const height = lineHeight(style);
    for (const line of wrap(prepared, width)) {
      this.need(height);
      this.drawLine(line, align === 'right' ? x + width - line.width : x, this.y, style, options.gray);
      this.y += height;
      this.atPageTop = false;
    }
  }

  /** Writes already wrapped lines at a fixed position, without page breaks. */
  lines(lines: Line[], style: TextStyle, x: number, width: number, top: number, align: 'left' | 'right', gray = false): void {
    lines.forEach((line, i) => this.drawLine(line, align === 'right' ? x + width - line.width : x, top + i * lineHeight(style), style, gray));
  }

  markUsed(): void {
    this.atPageTop = false;
  }

  drawLine(line: Line, x: number, top: number, style: TextStyle, gray = false): void {
    const baseline = PAGE.height - (top + style.size * 1.05);
    const out: string[] = ['q', `1 0 0 -1 0 ${num(PAGE.height)} cm`, 'BT', gray ? `${GRAY} g` : '0 g'];
    let currentFont = '';
    for (const group of line.groups) {
      if (group.rtl) out.push('/Span BMC');
      for (const { piece, x: offset } of group.pieces) {
        if (piece.kind !== 'atom') continue; // spaces are gaps
        // Text space units (thousandths of the font size) per font unit.
        const unit = 1000 / piece.face.unitsPerEm;
        let tj: string[] = [];
        let rise = 0;
        const flushTj = () => {
          if (tj.length) out.push(`[${tj.join('')}] TJ`);
          tj = [];
        };
        let pen = x + offset; // points
        let move = true;
        // Glyphs flow in one text line; mark offsets are kerning and text rise, so extractors
        // keep marks with their letters. Extractors skip glyphs that stand for format characters
        // only (split-off dots) together with the kerning after them: those are placed on their own.
        for (const glyph of piece.shaped.glyphs) {
          const { font, cid } = this.fonts.glyph(piece.face, glyph);
          if (font.id !== currentFont) {
            flushTj();
            out.push(`/${font.id} ${num(style.size)} Tf`);
            currentFont = font.id;
          }
          const toPoints = style.size / piece.face.unitsPerEm;
          const glyphRise = glyph.yOffset * toPoints;
          if (glyphRise !== rise) {
            flushTj();
            out.push(`${num(glyphRise)} Ts`);
            rise = glyphRise;
          }
          const hex = `<${cid.toString(16).padStart(4, '0')}>`;
          if (glyph.codePoints.every((c) => formatCharacter.test(String.fromCodePoint(c)))) {
            flushTj();
            out.push(`1 0 0 1 ${num(pen + glyph.xOffset * toPoints)} ${num(baseline)} Tm`, `[${hex}] TJ`);
            move = true;
          } else {
            if (move) {
              flushTj();
              out.push(`1 0 0 1 ${num(pen)} ${num(baseline)} Tm`);
              move = false;
            }
            if (glyph.xOffset !== 0) tj.push(num(-glyph.xOffset * unit));
            tj.push(hex);
            // TJ moves on by the font's width for the glyph; this corrects it to the shaped advance.
            const adjust = (font.widths[cid] ?? 0) + glyph.xOffset * unit - glyph.xAdvance * unit;
            if (Math.abs(adjust) >= 0.01) tj.push(num(adjust));
          }
          pen += glyph.xAdvance * toPoints;
        }
        flushTj();
        if (rise !== 0) out.push('0 Ts');
      }
      if (group.rtl) out.push('EMC');
    }
    out.push('ET', 'Q');
    (this.doc as unknown as KitDocument).addContent(out.join('\n'));
  }

  rule(x1: number, x2: number, y: number, width: number, gray: string): void {
    this.doc.save().lineWidth(width).strokeColor(gray).moveTo(x1, y).lineTo(x2, y).stroke().restore();
  }
}

// ---------------------------------------------------------------------------------------------
// Blocks

function letterhead(w: Writer, head: PdfLetterhead): void {
  const right = PAGE.width - MARGIN.right;
  const blockWidth = 75 * mm;
  let top = 15 * mm;
  head.sender.forEach((line, i) => {
    const style = i === 0 ? BODY_BOLD : SMALL;
    const lines = wrap(prepare(line, style), blockWidth);
    w.lines(lines, style, right - blockWidth, blockWidth, top, 'right', i > 0);
    top += lines.length * lineHeight(style);
  });
  let body = Math.max(top + 12 * mm, 60 * mm);
  if (head.recipient?.length) {
    // Address field (DIN 5008 form B): 45 mm from the top, 85 mm wide; return address above it.
    const fieldWidth = 80 * mm;
    const back = head.sender.slice(0, 2).join(' · ');
    if (back) w.lines(wrap(prepare(back, { size: 7, bold: false }), fieldWidth).slice(0, 1), { size: 7, bold: false }, MARGIN.left, fieldWidth, 45 * mm + 8, 'left', true);
    let line = 62.7 * mm;
    for (const text of head.recipient) {
      const lines = wrap(prepare(text, BODY), fieldWidth);
      w.lines(lines, BODY, MARGIN.left, fieldWidth, line, 'left');
      line += lines.length * lineHeight(BODY);
    }
    body = Math.max(body, 105 * mm, line + 10 * mm);
    // Fold and punch marks at the left edge.
    for (const [y, length] of [
      [105, 5],
      [148.5, 8],
      [210, 5],
    ] as const)
      w.rule(3 * mm, (3 + length) * mm, y * mm, 0.4, '#999999');
  }
  const dateText = [head.place, head.date].filter(Boolean).join(', ');
  if (dateText) {
    const dateTop = body - 10 * mm;
    w.lines(wrap(prepare(dateText, BODY), CONTENT_WIDTH), BODY, MARGIN.left, CONTENT_WIDTH, dateTop, 'right');
    body += 2 * mm;
  }
  w.y = body;
  w.markUsed();
}

function columnWidths(block: { columns: string[]; rows: string[][] }, pad: number): number[] {
  const count = block.columns.length;
  const min = new Array<number>(count).fill(0);
  const natural = new Array<number>(count).fill(0);
  const rows = [block.columns, ...block.rows];
  rows.forEach((row, r) => {
    for (let c = 0; c < count; c++) {
      const m = measure(prepare(row[c] ?? '', r === 0 ? TABLE_BOLD : TABLE));
      min[c] = Math.max(min[c]!, Math.min(m.min, CONTENT_WIDTH / count) + 2 * pad);
      natural[c] = Math.max(natural[c]!, m.natural + 2 * pad);
    }
  });
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  const total = sum(natural);
  if (total <= CONTENT_WIDTH) return natural.map((n) => (n / total) * CONTENT_WIDTH);
  const minTotal = sum(min);
  if (minTotal >= CONTENT_WIDTH) return min.map((m) => (m / minTotal) * CONTENT_WIDTH);
  const slack = sum(natural.map((n, i) => n - min[i]!));
  return min.map((m, i) => m + ((natural[i]! - m) / slack) * (CONTENT_WIDTH - minTotal));
}

function table(w: Writer, block: Extract<PdfBlock, { kind: 'table' }>): void {
  const padX = 4;
  const padY = 3;
  const numeric = new Set(block.numeric ?? []);
  const widths = columnWidths(block, padX);
  const lefts = widths.map((_, i) => MARGIN.left + widths.slice(0, i).reduce((a, b) => a + b, 0));
  const right = MARGIN.left + widths.reduce((a, b) => a + b, 0);
  const row = (cells: string[], header: boolean) => {
    const style = header ? TABLE_BOLD : TABLE;
    const laid = widths.map((width, c) => wrap(prepare(cells[c] ?? '', style), width - 2 * padX));
    const height = Math.max(1, ...laid.map((lines) => lines.length)) * lineHeight(style) + 2 * padY;
    return { laid, height, style, header };
  };
  const draw = (r: ReturnType<typeof row>) => {
    if (r.header) w.rule(MARGIN.left, right, w.y, 0.75, '#333333');
    r.laid.forEach((lines, c) => w.lines(lines, r.style, lefts[c]! + padX, widths[c]! - 2 * padX, w.y + padY, numeric.has(c) ? 'right' : 'left'));
    w.y += r.height;
    w.rule(MARGIN.left, right, w.y, r.header ? 0.75 : 0.3, r.header ? '#333333' : '#aaaaaa');
    w.markUsed();
  };
  const header = row(block.columns, true);
  const rows = block.rows.map((cells) => row(cells, false));
  w.need(header.height + (rows[0]?.height ?? 0));
  draw(header);
  for (const r of rows) {
    if (w.y + r.height > w.bottom) {
      w.newPage();
      draw(header);
    }
    draw(r);
  }
}

function agenda(w: Writer, block: Extract<PdfBlock, { kind: 'agenda' }>): void {
  const numberWidth = 12 * mm;
  const indentStep = 8 * mm;
  block.items.forEach((item, i) => {
    const indent = item.level * indentStep;
    const x = MARGIN.left + indent + numberWidth;
    const width = CONTENT_WIDTH - indent - numberWidth;
    const style = item.level === 0 ? BODY_BOLD : BODY;
    const prepared = prepare(item.title, style);
    const title = wrap(prepared, width);
    if (i > 0) w.gap(item.level === 0 ? 5 : 2);
    // The number and at least two lines of the title (or all of it) stay together.
    w.need(lineHeight(style) * Math.min(title.length, 2));
    const number = wrap(prepare(item.number, style), numberWidth);
    w.lines(number.slice(0, 1), style, MARGIN.left + indent, numberWidth, w.y, 'left');
    for (const line of title) {
      w.need(lineHeight(style));
      w.lines([line], style, x, width, w.y, prepared.rtl ? 'right' : 'left');
      w.y += lineHeight(style);
      w.markUsed();
    }
    if (item.note) w.text(item.note, SMALL, x, width, { gray: true });
  });
}

function block(w: Writer, b: PdfBlock): void {
  switch (b.kind) {
    case 'heading': {
      const heading = HEADINGS[b.level ?? 1];
      w.gap(heading.before);
      const lines = wrap(prepare(b.text, heading.style), CONTENT_WIDTH).length;
      // Keep a heading with the first lines after it.
      w.need(lines * lineHeight(heading.style) + 2 * lineHeight(BODY));
      w.text(b.text, heading.style, MARGIN.left, CONTENT_WIDTH);
      w.y += heading.after;
      return;
    }
    case 'paragraph': {
      const style = b.small ? (b.bold ? SMALL_BOLD : SMALL) : b.bold ? BODY_BOLD : BODY;
      w.text(b.text, style, MARGIN.left, CONTENT_WIDTH);
      w.y += BLOCK_GAP;
      return;
    }
    case 'list': {
      const indent = 5 * mm;
      const bullet = wrap(prepare('•', BODY), indent)[0]!;
      for (const item of b.items) {
        w.need(lineHeight(BODY));
        w.lines([bullet], BODY, MARGIN.left + 1.5 * mm, indent, w.y, 'left');
        w.text(item, BODY, MARGIN.left + indent, CONTENT_WIDTH - indent, { align: 'left' });
        w.y += 2;
      }
      w.y += BLOCK_GAP - 2;
      return;
    }
    case 'agenda':
      agenda(w, b);
      w.y += BLOCK_GAP;
      return;
    case 'table':
      table(w, b);
      w.y += BLOCK_GAP + 2;
      return;
    case 'keyValue': {
      const widest = Math.max(0, ...b.items.map((item) => measure(prepare(`${item.key}:`, BODY_BOLD)).natural));
      const keyWidth = Math.min(widest + 3 * mm, CONTENT_WIDTH * 0.4);
      for (const item of b.items) {
        const key = wrap(prepare(`${item.key}:`, BODY_BOLD), keyWidth - 2 * mm);
        w.need(lineHeight(BODY) * key.length);
        const top = w.y;
        w.lines(key, BODY_BOLD, MARGIN.left, keyWidth, top, 'left');
        w.text(item.value, BODY, MARGIN.left + keyWidth, CONTENT_WIDTH - keyWidth, { align: 'left' });
        w.y = Math.max(w.y, top + key.length * lineHeight(BODY)) + 1.5;
      }
      w.y += BLOCK_GAP - 1.5;
      return;
    }
    case 'signature': {
      const space = 14 * mm;
      w.need(space + b.lines.length * lineHeight(BODY));
      w.gap(space);
      for (const line of b.lines) w.text(line, BODY, MARGIN.left, CONTENT_WIDTH);
      w.y += BLOCK_GAP;
      return;
    }
  }
}

function footer(w: Writer, spec: PdfDocumentSpec, page: number, pages: number): void {
  const top = PAGE.height - 15 * mm;
  const label = spec.pageLabel?.(page, pages);
  const labelLines = label ? wrap(prepare(label, SMALL), 50 * mm) : [];
  const labelWidth = Math.max(0, ...labelLines.map((line) => line.width));
  if (spec.footer) {
    const width = CONTENT_WIDTH - labelWidth - (label ? 8 * mm : 0);
    w.lines(wrap(prepare(spec.footer, SMALL), width).slice(0, 2), SMALL, MARGIN.left, width, top, 'left', true);
  }
  if (labelLines.length) w.lines(labelLines.slice(0, 1), SMALL, MARGIN.left, CONTENT_WIDTH, top, 'right', true);
}

// ---------------------------------------------------------------------------------------------

export async function renderPdf(spec: PdfDocumentSpec): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: 0,
    autoFirstPage: false,
    bufferPages: true,
    lang: spec.lang,
    displayTitle: true,
    pdfVersion: '1.7',
    info: { Title: spec.title, ...(spec.author ? { Author: spec.author } : {}), Creator: 'Beirat' },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  try {
    const w = new Writer(doc);
    const sections = spec.sections.length ? spec.sections : [{ blocks: [] }];
    for (const section of sections) {
      w.newPage();
      if (section.letterhead) letterhead(w, section.letterhead);
      for (const b of section.blocks) block(w, b);
    }
    const { start, count } = doc.bufferedPageRange();
    for (let i = 0; i < count; i++) {
      doc.switchToPage(start + i);
      footer(w, spec, i + 1, count);
    }
    doc.flushPages();
    doc.end();
  } catch (error) {
    doc.end();
    await done.catch(() => undefined);
    throw error;
  }
  return done;
}
