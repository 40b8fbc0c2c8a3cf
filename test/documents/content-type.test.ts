import { describe, expect, it } from 'vitest';
import { detectDocumentType, safeFileName, zipEntryNames } from '../../src/documents/content-type.js';
import { simplePdf } from '../../src/documents/simple-pdf.js';

/** CRC-32 as ZIP wants it, so the archives below are valid for any reader, not only ours. */
function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

/** A minimal ZIP writer: stored (uncompressed) entries, local headers, central directory, end record. */
function zip(entries: Array<[name: string, content: string | Uint8Array]>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, content] of entries) {
    const data = typeof content === 'string' ? Buffer.from(content, 'utf8') : Buffer.from(content);
    const nameBytes = Buffer.from(name, 'utf8');
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0, 8); // stored
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, data);
    centrals.push(central, nameBytes);
    offset += local.length + nameBytes.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

const contentTypes = '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>';
const odf = (mime: string, extra: Array<[string, string]> = []) => zip([['mimetype', mime], ['content.xml', '<office:document-content/>'], ['META-INF/manifest.xml', '<manifest/>'], ...extra]);
const ooxml = (main: string, extra: Array<[string, string]> = []) => zip([['[Content_Types].xml', contentTypes], ['_rels/.rels', '<Relationships/>'], [main, '<x/>'], ...extra]);

describe('detectDocumentType', () => {
  it('recognises a PDF by its header', () => {
    expect(detectDocumentType(simplePdf('Einladung', ['Sitzung am Montag.']))).toEqual({ mimeType: 'application/pdf', extension: 'pdf' });
  });

  it('recognises PNG, JPEG and WebP images', () => {
    expect(detectDocumentType(Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'))?.mimeType).toBe('image/png');
    expect(detectDocumentType(Buffer.from('ffd8ffe000104a464946', 'hex'))?.mimeType).toBe('image/jpeg');
    expect(detectDocumentType(Buffer.concat([Buffer.from('RIFF'), Buffer.from([0x24, 0, 0, 0]), Buffer.from('WEBPVP8 ')]))?.mimeType).toBe('image/webp');
  });

  it.each([
    ['application/vnd.oasis.opendocument.text', 'odt'],
    ['application/vnd.oasis.opendocument.spreadsheet', 'ods'],
    ['application/vnd.oasis.opendocument.presentation', 'odp'],
  ])('recognises OpenDocument %s by its first entry', (mime, extension) => {
    expect(detectDocumentType(odf(mime))).toEqual({ mimeType: mime, extension });
  });

  it.each([
    ['word/document.xml', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'docx'],
    ['xl/workbook.xml', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'xlsx'],
    ['ppt/presentation.xml', 'application/vnd.openxmlformats-officedocument.presentationml.presentation', 'pptx'],
  ])('recognises Office Open XML by its %s part', (main, mime, extension) => {
    expect(detectDocumentType(ooxml(main))).toEqual({ mimeType: mime, extension });
  });

  it('refuses a program renamed to .pdf, HTML and SVG', () => {
    const exe = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(62), Buffer.from('This program cannot be run in DOS mode.')]);
    expect(detectDocumentType(exe)).toBeUndefined();
    expect(detectDocumentType(Buffer.from('<!doctype html><html><script>alert(1)</script></html>'))).toBeUndefined();
    expect(detectDocumentType(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'))).toBeUndefined();
    expect(detectDocumentType(Buffer.from('<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>'))).toBeUndefined();
    // A PDF header further in is not a PDF: readers that search for it are exactly what polyglots abuse.
    expect(detectDocumentType(Buffer.from('<html>%PDF-1.4'))).toBeUndefined();
  });

  it('refuses GIF and other images the councils do not publish', () => {
    expect(detectDocumentType(Buffer.from('GIF89a\x01\x00\x01\x00'))).toBeUndefined();
    expect(detectDocumentType(Buffer.from('RIFF\x24\x00\x00\x00WAVEfmt '))).toBeUndefined();
  });

  it('refuses empty and truncated input', () => {
    expect(detectDocumentType(new Uint8Array())).toBeUndefined();
    expect(detectDocumentType(Buffer.from('%PD'))).toBeUndefined();
    expect(detectDocumentType(Buffer.from('PK\x03\x04'))).toBeUndefined();
    expect(detectDocumentType(ooxml('word/document.xml').subarray(0, 60))).toBeUndefined();
  });

  it('refuses plain ZIP archives and unknown OpenDocument kinds', () => {
    expect(detectDocumentType(zip([['readme.txt', 'hello'], ['word/document.xml', '<x/>']]))).toBeUndefined();
    expect(detectDocumentType(odf('application/vnd.oasis.opendocument.graphics'))).toBeUndefined();
    expect(detectDocumentType(odf('text/html'))).toBeUndefined();
    // "mimetype" must be the first entry, not just any entry.
    expect(detectDocumentType(zip([['content.xml', '<x/>'], ['mimetype', 'application/vnd.oasis.opendocument.text']]))).toBeUndefined();
    expect(detectDocumentType(ooxml('customXml/item1.xml'))).toBeUndefined();
  });

  it('refuses documents with macros', () => {
    expect(detectDocumentType(ooxml('word/document.xml', [['word/vbaProject.bin', 'macro']]))).toBeUndefined();
    expect(detectDocumentType(odf('application/vnd.oasis.opendocument.text', [['Basic/Standard/Module1.xml', '<macro/>']]))).toBeUndefined();
  });
});

describe('zipEntryNames', () => {
  it('reads the names from the central directory', () => {
    expect(zipEntryNames(zip([['a.txt', 'a'], ['dir/b.txt', 'b']]))).toEqual(['a.txt', 'dir/b.txt']);
  });

  it('gives up on a damaged directory instead of reading past the end', () => {
    const archive = zip([['a.txt', 'a']]);
    archive.writeUInt16LE(0xfff0, archive.length - 22 + 10); // claims far more entries than there are
    expect(zipEntryNames(archive)).toBeUndefined();
    expect(zipEntryNames(Buffer.from('not a zip'))).toBeUndefined();
  });
});

describe('safeFileName', () => {
  const pdf = { mimeType: 'application/pdf', extension: 'pdf' };
  const jpeg = { mimeType: 'image/jpeg', extension: 'jpg' };

  it('keeps a good name and its ending', () => {
    expect(safeFileName('Einladung 2026-03-02.pdf', pdf, 'dokument')).toBe('Einladung 2026-03-02.pdf');
    expect(safeFileName('Foto.JPEG', jpeg, 'dokument')).toBe('Foto.jpeg');
    expect(safeFileName('Tagesordnung Şişli – دعوة.pdf', pdf, 'dokument')).toBe('Tagesordnung Şişli – دعوة.pdf');
  });

  it('drops folders, control characters and bidi overrides', () => {
    expect(safeFileName('C:\\Users\\x\\..\\Protokoll.pdf', pdf, 'dokument')).toBe('Protokoll.pdf');
    expect(safeFileName('../../etc/passwd', pdf, 'dokument')).toBe('passwd.pdf');
    expect(safeFileName('Rechnung\u202egpj.exe', pdf, 'dokument')).toBe('Rechnunggpj.exe.pdf');
    expect(safeFileName('a\u0000b\nc.pdf', pdf, 'dokument')).toBe('abc.pdf');
    expect(safeFileName('<script>"x"|?*.pdf', pdf, 'dokument')).toBe('_script__x____.pdf');
  });

  it('ends in the type found in the content', () => {
    expect(safeFileName('tool.exe', pdf, 'dokument')).toBe('tool.exe.pdf');
    expect(safeFileName('bild.pdf', jpeg, 'dokument')).toBe('bild.pdf.jpg');
    expect(safeFileName('README', pdf, 'dokument')).toBe('README.pdf');
  });

  it('falls back to a plain name when nothing is left', () => {
    expect(safeFileName('', pdf, 'dokument')).toBe('dokument.pdf');
    expect(safeFileName('...', pdf, 'dokument')).toBe('dokument.pdf');
    expect(safeFileName('.pdf', pdf, 'dokument')).toBe('pdf.pdf');
  });

  it('cuts long names to 200 characters without splitting a letter', () => {
    const long = safeFileName(`${'ä'.repeat(300)}.pdf`, pdf, 'dokument');
    expect(long).toHaveLength(200);
    expect(long.endsWith('ä.pdf')).toBe(true);
    const emoji = safeFileName(`${'😀'.repeat(150)}.pdf`, pdf, 'dokument');
    expect(emoji.length).toBeLessThanOrEqual(200);
    expect(emoji).toBe(`${'😀'.repeat(98)}.pdf`);
  });
});
