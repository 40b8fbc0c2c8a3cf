import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { describe, expect, it } from 'vitest';
import { type PdfDocumentSpec, type PdfSection, renderPdf } from '../../src/documents/pdf.js';
import { extractPdfText } from '../support/pdf-text.js';

const names = ['Şükrü Ağaoğlu', 'محمد', 'مریم رضایی', 'Олена Коваленко'];
const persian = 'مریم رضایی از هانوفر می‌آید و در جلسه 12 شرکت می‌کند.'; // with ZWNJ in می‌آید
const arabic = 'السلام عليكم (الرئيس)'; // lam-alef ligature, mirrored brackets

const letter: PdfSection = {
  letterhead: {
    sender: ['Landeshauptstadt Hannover', 'Integrationsbeirat Mitte', 'Geschäftsführung', 'mitte@example.org'],
    recipient: ['Frau', 'Şükrü Ağaoğlu', 'Lister Meile 12', '30161 Hannover'],
    place: 'Hannover',
    date: '1. Dezember 2026',
  },
  blocks: [
    { kind: 'heading', text: 'Einladung zur 12. Sitzung' },
    { kind: 'paragraph', text: 'Sehr geehrte Frau Олена Коваленко,\nhiermit lade ich Sie zur nächsten Sitzung ein.' },
    { kind: 'paragraph', text: 'Frau مریم رضایی und Herr محمد berichten über علي و علی.' },
    { kind: 'heading', text: 'Tagesordnung', level: 2 },
    {
      kind: 'agenda',
      items: [
        { number: '1', title: 'Eröffnung und Begrüßung', level: 0 },
        { number: '2', title: 'Berichte', level: 0 },
        { number: '2.1', title: 'Bericht der Geschäftsführung', level: 1, note: 'Vorlage 12/2026' },
      ],
    },
    { kind: 'heading', text: 'Abstimmung', level: 3 },
    { kind: 'table', columns: ['Votum', 'Stimmen'], rows: [['Ja', '7'], ['Nein', '2'], ['Enthaltung', '1']], numeric: [1] },
    { kind: 'list', items: names },
    { kind: 'signature', lines: ['gez. Heide Stolzenwald', 'Vorsitzende'] },
  ],
};

const notes: PdfSection = {
  blocks: [
    { kind: 'heading', text: 'Hinweise in weiteren Sprachen', level: 2 },
    { kind: 'keyValue', items: [{ key: 'Datum', value: 'Montag, 14. Dezember 2026' }, { key: 'Ort', value: 'Neues Rathaus, Hodlersaal' }] },
    { kind: 'paragraph', text: persian },
    { kind: 'paragraph', text: arabic },
    { kind: 'paragraph', text: 'یہ ایک ٹیسٹ ہے', small: true }, // Urdu letters DejaVu lacks: Noto Sans Arabic
  ],
};

function spec(sections: PdfSection[]): PdfDocumentSpec {
  return {
    title: 'Einladung zur Sitzung',
    author: 'Integrationsbeirat Mitte',
    lang: 'de-DE',
    footer: 'Landeshauptstadt Hannover · Integrationsbeirat Mitte',
    pageLabel: (page, pages) => `Seite ${page} von ${pages}`,
    sections,
  };
}

async function textItems(pdf: Buffer, pageNumber: number) {
  const document = await getDocument({ data: new Uint8Array(pdf), verbosity: 0 }).promise;
  const page = await document.getPage(pageNumber);
  const { items } = await page.getTextContent();
  const result = items.flatMap((item) => ('str' in item && item.str.trim() ? [{ str: item.str, x: item.transform[4] as number, width: item.width }] : []));
  await document.destroy();
  return result;
}

describe('renderPdf', () => {
  it('writes a letter whose text extracts exactly, in every script', async () => {
    const pdf = await renderPdf(spec([letter, notes]));
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const text = await extractPdfText(pdf);
    for (const name of names) expect(text).toContain(name);
    for (const line of [
      'Landeshauptstadt Hannover',
      'Frau\nŞükrü Ağaoğlu\nLister Meile 12',
      'Hannover, 1. Dezember 2026',
      'Einladung zur 12. Sitzung\nSehr geehrte',
      'Sehr geehrte Frau Олена Коваленко,\nhiermit lade ich Sie zur nächsten Sitzung ein.',
      'Frau مریم رضایی und Herr محمد berichten über علي و علی.', // Arabic and Persian yeh share glyphs
      'Datum: Montag, 14. Dezember 2026',
      '1 Eröffnung und Begrüßung\n2 Berichte\n2.1 Bericht der Geschäftsführung\nVorlage 12/2026',
      'Votum Stimmen\nJa 7\nNein 2\nEnthaltung 1',
      `• ${names[0]}\n• ${names[1]}\n• ${names[2]}\n• ${names[3]}`,
      persian,
      arabic,
      'یہ ایک ٹیسٹ ہے',
      'gez. Heide Stolzenwald\nVorsitzende',
      'Seite 1 von 2',
      'Seite 2 von 2',
    ])
      expect(text).toContain(line);
    expect(text).not.toMatch(/[\ufb50-\ufdff\ufe70-\ufeff]/u); // no presentation forms
    expect(text).not.toContain('Seite 1 von 1');
    expect(text.split('\n\n')).toHaveLength(2); // the letter fits on its page, the notes start a new one
    expect(text.split('\n\n')[1]).toMatch(/^Hinweise in weiteren Sprachen\n/);
  });

  it('embeds subset fonts and sets language and metadata', async () => {
    const pdf = await renderPdf(spec([letter, notes]));
    const raw = pdf.toString('latin1');
    expect(raw).toContain('/FontFile2');
    expect(raw).toMatch(/\/BaseFont \/[A-Z]{6}\+DejaVuSans\b/);
    expect(raw).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSansArabic-Regular/);
    expect(raw).toContain('/Lang (de-DE)');
    expect(raw).not.toContain('/Helvetica');
    const document = await getDocument({ data: new Uint8Array(pdf), verbosity: 0 }).promise;
    const { info } = await document.getMetadata();
    await document.destroy();
    expect(info).toMatchObject({ Title: 'Einladung zur Sitzung', Author: 'Integrationsbeirat Mitte', Creator: 'Beirat', Language: 'de-DE' });
    expect(pdf.length).toBeLessThan(120_000); // DejaVu Sans alone is 740 kB: the fonts are subsets
  });

  it('right-aligns right-to-left paragraphs and keeps mixed lines left-aligned', async () => {
    const pdf = await renderPdf({
      title: 't',
      lang: 'fa',
      sections: [{ blocks: [{ kind: 'paragraph', text: persian }, { kind: 'paragraph', text: 'Frau مریم رضایی' }] }],
    });
    const items = await textItems(pdf, 1);
    const rtl = items.find((item) => item.str === persian)!;
    const mixed = items.find((item) => item.str === 'Frau')!;
    expect(rtl).toBeDefined();
    expect(mixed).toBeDefined();
    const rightMargin = 595.28 - (20 * 72) / 25.4;
    const leftMargin = (25 * 72) / 25.4;
    expect(rtl.x + rtl.width).toBeCloseTo(rightMargin, 0);
    expect(rtl.x).toBeGreaterThan(leftMargin + 50);
    expect(mixed.x).toBeCloseTo(leftMargin, 0);
  });

  it('breaks long documents into pages and repeats table headers', async () => {
    const paragraphs = Array.from({ length: 200 }, (_, i) => ({
      kind: 'paragraph' as const,
      text: `Absatz ${i + 1}: Der Beirat berät über Anträge von Şükrü Ağaoğlu und مریم رضایی, über Berichte der Verwaltung und über die Haushaltsmittel für Projekte im Stadtbezirk.`,
    }));
    const rows = Array.from({ length: 80 }, (_, i) => [`Mitglied ${i + 1}`, i % 2 ? 'anwesend' : 'entschuldigt']);
    const pdf = await renderPdf(spec([{ blocks: [...paragraphs, { kind: 'table', columns: ['Name', 'Status'], rows }] }]));
    const text = await extractPdfText(pdf);
    const pages = Number(/Seite 1 von (\d+)/.exec(text)?.[1]);
    expect(pages).toBeGreaterThan(8);
    expect(text).toContain(`Seite ${pages} von ${pages}`);
    expect(text).toContain('Absatz 1: Der Beirat');
    expect(text).toContain('Absatz 200: Der Beirat');
    expect(text).toContain('Mitglied 80 anwesend');
    const pageTexts = text.split('\n\n');
    expect(pageTexts).toHaveLength(pages);
    expect(pageTexts.filter((page) => page.includes('Name Status')).length).toBeGreaterThanOrEqual(2);
    // every page's text stays within its page: no line of one paragraph is lost
    for (let i = 1; i <= 200; i++) expect(text).toContain(`Absatz ${i}:`);
  });

  it('wraps long table cells and words that are wider than the line', async () => {
    const url = 'https://example.org/beirat/sitzungen/2026/12/14/einladung-und-tagesordnung-mit-allen-anlagen-und-protokollen.pdf';
    const pdf = await renderPdf({
      title: 't',
      lang: 'de',
      sections: [
        {
          blocks: [
            { kind: 'paragraph', text: url },
            { kind: 'table', columns: ['Antrag', 'Ja'], rows: [['Der Beirat empfiehlt dem Stadtbezirksrat, die Mittel für das Sommerfest und die Sprachcafés im nächsten Jahr zu erhöhen.', '9']], numeric: [1] },
          ],
        },
      ],
    });
    const text = await extractPdfText(pdf);
    expect(text.replace(/\n/g, '')).toContain(url);
    expect(text).toContain('Der Beirat empfiehlt dem');
    expect(text).toMatch(/Sommerfest[\s\S]*erhöhen\./);
  });
});
