import { strToU8, zipSync } from 'fflate';
import { renderPdf, type PdfBlock, type PdfDocumentSpec, type PdfLetterhead } from '../documents/pdf.js';
import { councilGenitive } from '../councils/service.js';
import { translator, type Translator } from '../infra/i18n/translator.js';

/**
 * The decision paper (Beschlussdrucksache) to the district council, modelled on paper 15-1094/2025
 * "Zuwendungen aus den Mitteln des Integrationsbeirates Mitte: IB-01/2025 und IB-02/2025". The paper
 * is written in German, the language of the district council's business. One list of blocks is
 * built once and written both as PDF and as an OpenDocument text the office can edit further.
 */

const paperLocale = 'de' as const;

export interface PaperAllocation {
  /** Whose money, e.g. "Integrationsbeirat Mitte 2025" or "Stadtbezirksrat Mitte 2025". */
  label: string;
  amountCents: number;
}

export interface PaperGrant {
  /** "IB-02/2025" */
  number: string;
  recipientName: string;
  title: string;
  summary: string | null;
  /** What the council recommended ("bis zu"). */
  amountCents: number;
  periodStart: string | null;
  periodEnd: string | null;
  recommendedOn: string | null;
  allocations: PaperAllocation[];
}

export interface PaperInput {
  bodyName: string;
  /** The council's name in German, e.g. "Integrationsbeirat Mitte". */
  councilName: string;
  contactEmail: string;
  /** The district whose district council decides, e.g. "Mitte"; null when the council has none. */
  districtName: string | null;
  title: string;
  paperNumber: string | null;
  genderAspects: string | null;
  climateImpact: string | null;
  reasons: string | null;
  /** The day the paper is dated (YYYY-MM-DD). */
  date: string;
  grants: PaperGrant[];
}

/** "IB-01/2025", "IB-01/2025 und IB-02/2025", "IB-01/2025, IB-02/2025 und IB-03/2025". */
export function joinNumbers(numbers: readonly string[], locale = paperLocale): string {
  return new Intl.ListFormat(locale === 'de' ? 'de-DE' : 'en-GB', { style: 'long', type: 'conjunction' }).format(numbers);
}

/** "Zuwendungen aus den Mitteln des Integrationsbeirats Mitte: IB-01/2025 und IB-02/2025". */
export function defaultPaperTitle(councilName: string, numbers: readonly string[]): string {
  const t = translator(paperLocale);
  return t.t(numbers.length === 1 ? 'grantDecision.paper.defaultTitle.single' : 'grantDecision.paper.defaultTitle.several', {
    council: councilGenitive(councilName, paperLocale),
    numbers: joinNumbers(numbers),
  });
}

export function districtCouncilName(t: Translator, districtName: string | null): string {
  return districtName ? t.t('grantDecision.paper.districtCouncilOf', { district: districtName }) : t.t('grantDecision.paper.districtCouncil');
}

export function formatPeriod(t: Translator, start: string | null, end: string | null): string {
  if (start && end && start !== end) return t.t('grantDecision.paper.periodSpan', { from: t.fmt.dateShort(start), to: t.fmt.dateShort(end) });
  if (start) return t.fmt.dateShort(start);
  if (end) return t.fmt.dateShort(end);
  return t.t('grantDecision.paper.periodOpen');
}

/** "Montag, 14. Dezember 2026" without the weekday, as dates are written in letters. */
const letterDate = (t: Translator, date: string) => t.fmt.dateLong(date).replace(/^[^,]+,\s*/, '');

/** Free text as paragraphs: a blank line starts a new one. */
function paragraphs(text: string | null): PdfBlock[] {
  return (text ?? '')
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => ({ kind: 'paragraph' as const, text: p }));
}

/** The rows of the cost table: one per budget carrying a grant, or one per grant not yet split. */
export function costRows(grants: readonly PaperGrant[]): Array<{ number: string; recipientName: string; source: string; amountCents: number; first: boolean }> {
  return grants.flatMap((g) =>
    g.allocations.length === 0
      ? [{ number: g.number, recipientName: g.recipientName, source: '–', amountCents: g.amountCents, first: true }]
      : g.allocations.map((a, i) => ({ number: g.number, recipientName: g.recipientName, source: a.label, amountCents: a.amountCents, first: i === 0 })),
  );
}

export function paperLetterhead(input: PaperInput): PdfLetterhead {
  const t = translator(paperLocale);
  return {
    sender: [input.bodyName, input.councilName, t.t('grantDecision.paper.office'), input.contactEmail],
    place: input.bodyName.replace(/^Landeshauptstadt\s+/, ''),
    date: letterDate(t, input.date),
  };
}

/** The paper's content, in order: heading, proposal with each grant, gender aspects, costs, climate, reasons. */
export function paperBlocks(input: PaperInput): PdfBlock[] {
  const t = translator(paperLocale);
  const districtCouncil = districtCouncilName(t, input.districtName);
  const council = councilGenitive(input.councilName, paperLocale);
  const rows = costRows(input.grants);
  const totalCents = rows.reduce((sum, r) => sum + r.amountCents, 0);

  const byDay = new Map<string, string[]>();
  for (const g of input.grants) {
    if (!g.recommendedOn) continue;
    byDay.set(g.recommendedOn, [...(byDay.get(g.recommendedOn) ?? []), g.number]);
  }
  const recommendations = [...byDay.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([day, numbers]) =>
      t.t(numbers.length === 1 ? 'grantDecision.paper.recommendedOn.single' : 'grantDecision.paper.recommendedOn.several', { name: input.councilName, date: letterDate(t, day), numbers: joinNumbers(numbers) }),
    );

  return [
    { kind: 'heading', text: t.t('grantDecision.paper.kind'), level: 1 },
    {
      kind: 'keyValue',
      items: [
        { key: t.t('grantDecision.paper.number'), value: input.paperNumber ?? t.t('grantDecision.paper.numberPending') },
        { key: t.t('grantDecision.paper.committee'), value: districtCouncil },
        { key: t.t('grantDecision.paper.from'), value: input.councilName },
      ],
    },
    { kind: 'heading', text: input.title, level: 2 },
    { kind: 'heading', text: t.t('grantDecision.paper.proposal'), level: 2 },
    { kind: 'paragraph', text: t.t('grantDecision.paper.shallDecide', { districtCouncil }) },
    { kind: 'paragraph', text: t.t(input.grants.length === 1 ? 'grantDecision.paper.grantsIntro.single' : 'grantDecision.paper.grantsIntro.several', { council }) },
    ...input.grants.flatMap((g, i): PdfBlock[] => [
      { kind: 'heading', text: t.t('grantDecision.paper.grantHeading', { index: i + 1, number: g.number }), level: 3 },
      {
        kind: 'keyValue',
        items: [
          { key: t.t('grantDecision.paper.recipient'), value: g.recipientName },
          { key: t.t('grantDecision.paper.amount'), value: t.t('grantDecision.paper.upTo', { amount: t.fmt.money(g.amountCents) }) },
          { key: t.t('grantDecision.paper.project'), value: g.title },
          { key: t.t('grantDecision.paper.grantNumber'), value: g.number },
          { key: t.t('grantDecision.paper.period'), value: formatPeriod(t, g.periodStart, g.periodEnd) },
        ],
      },
    ]),
    { kind: 'heading', text: t.t('grantDecision.paper.gender'), level: 2 },
    ...(paragraphs(input.genderAspects).length > 0 ? paragraphs(input.genderAspects) : [{ kind: 'paragraph' as const, text: t.t('grantDecision.paper.none') }]),
    { kind: 'heading', text: t.t('grantDecision.paper.costs'), level: 2 },
    { kind: 'paragraph', text: t.t('grantDecision.paper.costsIntro') },
    {
      kind: 'table',
      columns: [t.t('grantDecision.paper.col.grant'), t.t('grantDecision.paper.col.recipient'), t.t('grantDecision.paper.col.source'), t.t('grantDecision.paper.col.amount')],
      rows: [
        ...rows.map((r) => [r.first ? r.number : '', r.first ? r.recipientName : '', r.source, t.fmt.money(r.amountCents)]),
        [t.t('grantDecision.paper.total'), '', '', t.fmt.money(totalCents)],
      ],
      numeric: [3],
    },
    { kind: 'heading', text: t.t('grantDecision.paper.climate'), level: 2 },
    ...(paragraphs(input.climateImpact).length > 0 ? paragraphs(input.climateImpact) : [{ kind: 'paragraph' as const, text: t.t('grantDecision.paper.climateDefault') }]),
    { kind: 'heading', text: t.t('grantDecision.paper.reasons'), level: 2 },
    ...recommendations.map((text) => ({ kind: 'paragraph' as const, text })),
    ...input.grants.filter((g) => g.summary).map((g) => ({ kind: 'paragraph' as const, text: t.t('grantDecision.paper.grantSummary', { number: g.number, title: g.title, summary: g.summary! }) })),
    ...paragraphs(input.reasons),
    { kind: 'paragraph', text: t.t('grantDecision.paper.legalBasis', { districtCouncil }) },
  ];
}

function pdfSpec(input: PaperInput): PdfDocumentSpec {
  const t = translator(paperLocale);
  return {
    title: input.title,
    author: input.councilName,
    lang: paperLocale,
    footer: [input.paperNumber ? t.t('grantDecision.paper.footerNumber', { number: input.paperNumber }) : t.t('grantDecision.paper.footerDraft'), input.councilName].join(' · '),
    pageLabel: (page, pages) => t.t('grantDecision.paper.page', { page, pages }),
    sections: [{ letterhead: paperLetterhead(input), blocks: paperBlocks(input) }],
  };
}

export function renderPaperPdf(input: PaperInput): Promise<Buffer> {
  return renderPdf(pdfSpec(input));
}

/** "beschlussdrucksache-15-1094-2025.pdf", or "beschlussdrucksache-entwurf-7.odt" before the city numbered it. */
export function paperFileName(paperId: number, paperNumber: string | null, extension: 'pdf' | 'odt'): string {
  const slug = paperNumber ? paperNumber.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') : '';
  return `beschlussdrucksache-${slug || `entwurf-${paperId}`}.${extension}`;
}

// ---------------------------------------------------------------------------------------------
// OpenDocument text (ODF 1.3): a zip whose first entry is the uncompressed "mimetype", then the
// manifest, the content, the styles and the metadata. LibreOffice and Word both open it.

export const odtMimeType = 'application/vnd.oasis.opendocument.text';

// Characters XML 1.0 does not allow at all (control characters other than tab, line feed, carriage return).
const notXml = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;

function escapeXml(text: string): string {
  return text.replace(notXml, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Text in a paragraph: ODF collapses runs of spaces and ignores line feeds unless they are marked up. */
function odfText(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) =>
      escapeXml(line)
        .replace(/\t/g, '<text:tab/>')
        .replace(/ {2,}/g, (spaces) => ` <text:s text:c="${spaces.length - 1}"/>`),
    )
    .join('<text:line-break/>');
}

const ns = [
  'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"',
  'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"',
  'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"',
  'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"',
  'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"',
  'xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0"',
  'xmlns:dc="http://purl.org/dc/elements/1.1/"',
  'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"',
].join(' ');

const p = (style: string, content: string) => `<text:p text:style-name="${style}">${content}</text:p>`;

function cell(style: string, paragraphStyle: string, text: string): string {
  return `<table:table-cell table:style-name="${style}" office:value-type="string">${p(paragraphStyle, odfText(text))}</table:table-cell>`;
}

function odfBlock(b: PdfBlock, index: number): string {
  switch (b.kind) {
    case 'heading': {
      const level = b.level ?? 1;
      return `<text:h text:style-name="Heading_20_${level}" text:outline-level="${level}">${odfText(b.text)}</text:h>`;
    }
    case 'paragraph':
      return p(b.bold ? 'P_Bold' : b.small ? 'P_Small' : 'Text_20_body', odfText(b.text));
    case 'list':
      return `<text:list text:style-name="L_Bullet">${b.items.map((i) => `<text:list-item>${p('Text_20_body', odfText(i))}</text:list-item>`).join('')}</text:list>`;
    case 'agenda':
      return b.items.map((i) => p('Text_20_body', odfText(`${i.number}\t${i.title}`)) + (i.note ? p('P_Small', odfText(i.note)) : '')).join('');
    case 'keyValue':
      return b.items.map((i) => p('P_KeyValue', `<text:span text:style-name="T_Bold">${odfText(`${i.key}:`)}</text:span><text:tab/>${odfText(i.value)}`)).join('');
    case 'table': {
      const numeric = new Set(b.numeric ?? []);
      const row = (cells: string[], header: boolean) =>
        `<table:table-row>${cells
          .map((c, i) => cell('Tbl.Cell', header ? (numeric.has(i) ? 'Table_20_Heading_20_Right' : 'Table_20_Heading') : numeric.has(i) ? 'Table_20_Contents_20_Right' : 'Table_20_Contents', c))
          .join('')}</table:table-row>`;
      return [
        `<table:table table:name="Tabelle${index + 1}" table:style-name="Tbl">`,
        ...b.columns.map((_, c) => `<table:table-column table:style-name="Tbl${index}.C${c}"/>`),
        `<table:table-header-rows>${row(b.columns, true)}</table:table-header-rows>`,
        ...b.rows.map((r) => row(r, false)),
        '</table:table>',
      ].join('');
    }
    case 'signature':
      return p('Text_20_body', '') + b.lines.map((l) => p('Text_20_body', odfText(l))).join('');
  }
}

const tableWidthCm = 17;

/** Column widths: amounts get room for "2.200,00 €", a first column of numbers a little, text columns the rest. */
function columnWidths(b: Extract<PdfBlock, { kind: 'table' }>): number[] {
  const numeric = new Set(b.numeric ?? []);
  const fixed: number[] = b.columns.map((_, c) => (numeric.has(c) ? 3.2 : c === 0 && b.columns.length > 2 ? 2.8 : 0));
  const flexible = fixed.filter((w) => w === 0).length;
  const rest = (tableWidthCm - fixed.reduce((sum, w) => sum + w, 0)) / Math.max(1, flexible);
  return fixed.map((w) => (w === 0 ? rest : w));
}

function contentXml(input: PaperInput): string {
  const head = paperLetterhead(input);
  const blocks = paperBlocks(input);
  const columnStyles = blocks.flatMap((b, i) =>
    b.kind === 'table' ? columnWidths(b).map((w, c) => `<style:style style:name="Tbl${i}.C${c}" style:family="table-column"><style:table-column-properties style:column-width="${w.toFixed(2)}cm"/></style:style>`) : [],
  );
  const letterhead = [...head.sender.map((line) => p('P_Sender', odfText(line))), p('P_Sender', odfText(`${head.place}, ${head.date}`))].join('');
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<office:document-content ${ns} office:version="1.3">`,
    '<office:automatic-styles>',
    `<style:style style:name="Tbl" style:family="table"><style:table-properties style:width="${tableWidthCm}cm" table:align="left" fo:margin-top="0.2cm" fo:margin-bottom="0.3cm"/></style:style>`,
    ...columnStyles,
    '<style:style style:name="Tbl.Cell" style:family="table-cell"><style:table-cell-properties fo:padding="0.1cm" fo:border="0.5pt solid #000000"/></style:style>',
    '</office:automatic-styles>',
    '<office:body><office:text>',
    letterhead,
    ...blocks.map(odfBlock),
    '</office:text></office:body>',
    '</office:document-content>',
  ].join('\n');
}

function stylesXml(): string {
  const paragraph = (name: string, display: string, parent: string | null, props: string, textProps = '') =>
    `<style:style style:name="${name}" style:display-name="${display}" style:family="paragraph"${parent ? ` style:parent-style-name="${parent}"` : ''}>${props ? `<style:paragraph-properties ${props}/>` : ''}${textProps ? `<style:text-properties ${textProps}/>` : ''}</style:style>`;
  const heading = (level: number, size: string) =>
    `<style:style style:name="Heading_20_${level}" style:display-name="Heading ${level}" style:family="paragraph" style:parent-style-name="Heading" style:default-outline-level="${level}"><style:text-properties fo:font-size="${size}"/></style:style>`;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<office:document-styles ${ns} office:version="1.3">`,
    '<office:font-face-decls xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"><style:font-face style:name="DejaVu Sans" svg:font-family="\'DejaVu Sans\'" style:font-family-generic="swiss"/></office:font-face-decls>',
    '<office:styles>',
    '<style:default-style style:family="paragraph"><style:paragraph-properties fo:hyphenation-ladder-count="no-limit"/><style:text-properties style:font-name="DejaVu Sans" fo:font-size="10.5pt" fo:language="de" fo:country="DE"/></style:default-style>',
    paragraph('Standard', 'Standard', null, ''),
    paragraph('Text_20_body', 'Text body', 'Standard', 'fo:margin-top="0cm" fo:margin-bottom="0.2cm" fo:line-height="125%"'),
    paragraph('P_Bold', 'Text body bold', 'Text_20_body', '', 'fo:font-weight="bold"'),
    paragraph('P_Small', 'Text body small', 'Text_20_body', '', 'fo:font-size="9pt"'),
    paragraph('P_Sender', 'Sender', 'Standard', 'fo:text-align="end" fo:margin-bottom="0cm"', 'fo:font-size="9pt"'),
    '<style:style style:name="P_KeyValue" style:display-name="Key value" style:family="paragraph" style:parent-style-name="Text_20_body"><style:paragraph-properties fo:margin-bottom="0.05cm"><style:tab-stops><style:tab-stop style:position="5.6cm"/></style:tab-stops></style:paragraph-properties></style:style>',
    paragraph('Heading', 'Heading', 'Standard', 'fo:margin-top="0.4cm" fo:margin-bottom="0.2cm" fo:keep-with-next="always"', 'fo:font-weight="bold"'),
    heading(1, '16pt'),
    heading(2, '13pt'),
    heading(3, '11pt'),
    paragraph('Table_20_Contents', 'Table Contents', 'Standard', ''),
    paragraph('Table_20_Contents_20_Right', 'Table Contents Right', 'Table_20_Contents', 'fo:text-align="end"'),
    paragraph('Table_20_Heading', 'Table Heading', 'Table_20_Contents', '', 'fo:font-weight="bold"'),
    paragraph('Table_20_Heading_20_Right', 'Table Heading Right', 'Table_20_Heading', 'fo:text-align="end"'),
    '<style:style style:name="T_Bold" style:family="text"><style:text-properties fo:font-weight="bold"/></style:style>',
    '<text:list-style style:name="L_Bullet"><text:list-level-style-bullet text:level="1" text:bullet-char="•"><style:list-level-properties text:list-level-position-and-space-mode="label-alignment"><style:list-level-label-alignment text:label-followed-by="listtab" text:list-tab-stop-position="0.6cm" fo:text-indent="-0.4cm" fo:margin-left="0.6cm"/></style:list-level-properties></text:list-level-style-bullet></text:list-style>',
    '</office:styles>',
    '<office:automatic-styles><style:page-layout style:name="PM1"><style:page-layout-properties fo:page-width="21cm" fo:page-height="29.7cm" style:print-orientation="portrait" fo:margin-top="2cm" fo:margin-bottom="2cm" fo:margin-left="2.5cm" fo:margin-right="1.5cm"/></style:page-layout></office:automatic-styles>',
    '<office:master-styles><style:master-page style:name="Standard" style:page-layout-name="PM1"/></office:master-styles>',
    '</office:document-styles>',
  ].join('\n');
}

function metaXml(input: PaperInput, generatedAt: Date): string {
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<office:document-meta ${ns} office:version="1.3">`,
    `<office:meta><meta:generator>Beirat</meta:generator><dc:title>${escapeXml(input.title)}</dc:title><dc:language>de-DE</dc:language><meta:creation-date>${generatedAt.toISOString().replace(/\.\d+Z$/, '')}</meta:creation-date></office:meta>`,
    '</office:document-meta>',
  ].join('\n');
}

const manifestXml = [
  '<?xml version="1.0" encoding="UTF-8"?>',
  '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3">',
  `<manifest:file-entry manifest:full-path="/" manifest:version="1.3" manifest:media-type="${odtMimeType}"/>`,
  '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>',
  '<manifest:file-entry manifest:full-path="styles.xml" manifest:media-type="text/xml"/>',
  '<manifest:file-entry manifest:full-path="meta.xml" manifest:media-type="text/xml"/>',
  '</manifest:manifest>',
].join('\n');

/** The paper as an editable OpenDocument text. */
export function renderPaperOdt(input: PaperInput, generatedAt = new Date()): Uint8Array {
  // Insertion order is archive order: the mimetype must come first, stored, so tools can sniff it.
  return zipSync(
    {
      mimetype: [strToU8(odtMimeType), { level: 0 }],
      'META-INF/manifest.xml': [strToU8(manifestXml), { level: 6 }],
      'content.xml': [strToU8(contentXml(input)), { level: 6 }],
      'styles.xml': [strToU8(stylesXml()), { level: 6 }],
      'meta.xml': [strToU8(metaXml(input, generatedAt)), { level: 6 }],
    },
    { mtime: generatedAt },
  );
}
