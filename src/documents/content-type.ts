/**
 * What an uploaded file is, decided from its bytes and never from its name or the type the browser
 * claims: both are whatever the uploader wants them to be. Only formats that councils actually
 * publish are accepted (PDF, PNG/JPEG/WebP images, OpenDocument and Office Open XML documents);
 * anything else — a program renamed to .pdf, HTML, SVG (which can carry scripts) — is refused.
 */
export interface DocumentType {
  mimeType: string;
  extension: string;
}

export const pdfType: DocumentType = { mimeType: 'application/pdf', extension: 'pdf' };

const odfTypes: Record<string, DocumentType> = {
  'application/vnd.oasis.opendocument.text': { mimeType: 'application/vnd.oasis.opendocument.text', extension: 'odt' },
  'application/vnd.oasis.opendocument.spreadsheet': { mimeType: 'application/vnd.oasis.opendocument.spreadsheet', extension: 'ods' },
  'application/vnd.oasis.opendocument.presentation': { mimeType: 'application/vnd.oasis.opendocument.presentation', extension: 'odp' },
};

/** The main part of each Office Open XML format, in the order they are tried. */
const ooxmlTypes: Array<{ prefix: string; type: DocumentType }> = [
  { prefix: 'word/', type: { mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', extension: 'docx' } },
  { prefix: 'xl/', type: { mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', extension: 'xlsx' } },
  { prefix: 'ppt/', type: { mimeType: 'application/vnd.openxmlformats-officedocument.presentationml.presentation', extension: 'pptx' } },
];

/** Every type this module can return: the upload form names them, the list shows their short names. */
export const acceptedTypes: DocumentType[] = [
  pdfType,
  { mimeType: 'image/png', extension: 'png' },
  { mimeType: 'image/jpeg', extension: 'jpg' },
  { mimeType: 'image/webp', extension: 'webp' },
  ...Object.values(odfTypes),
  ...ooxmlTypes.map((o) => o.type),
];

const startsWith = (bytes: Uint8Array, prefix: readonly number[], at = 0) => bytes.length >= at + prefix.length && prefix.every((b, i) => bytes[at + i] === b);
const ascii = (text: string) => [...text].map((c) => c.charCodeAt(0));

const u16 = (b: Uint8Array, at: number) => b[at]! | (b[at + 1]! << 8);
const u32 = (b: Uint8Array, at: number) => (b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16) | (b[at + 3]! << 24)) >>> 0;
const latin1 = (b: Uint8Array, from: number, length: number) => Buffer.from(b.buffer, b.byteOffset + from, length).toString('latin1');

const zipLocalHeader = [0x50, 0x4b, 0x03, 0x04];
const zipCentralHeader = [0x50, 0x4b, 0x01, 0x02];
const zipEndOfCentralDirectory = [0x50, 0x4b, 0x05, 0x06];

/**
 * The entry names of a ZIP archive, read from its central directory (the local headers cannot be
 * walked reliably: with a data descriptor their sizes are zero). Undefined when it is not a
 * well-formed archive, including ZIP64 ones, which no document under the upload limit needs.
 */
export function zipEntryNames(bytes: Uint8Array): string[] | undefined {
  if (!startsWith(bytes, zipLocalHeader)) return undefined;
  // The end record is 22 bytes plus a comment of at most 65535 bytes, at the very end.
  let end = -1;
  for (let at = bytes.length - 22; at >= 0 && at >= bytes.length - 22 - 0xffff; at--) {
    if (startsWith(bytes, zipEndOfCentralDirectory, at)) {
      end = at;
      break;
    }
  }
  if (end < 0) return undefined;
  const count = u16(bytes, end + 10);
  const size = u32(bytes, end + 12);
  const offset = u32(bytes, end + 16);
  if (count === 0xffff || offset === 0xffffffff || offset + size > end) return undefined;
  const names: string[] = [];
  let at = offset;
  for (let i = 0; i < count; i++) {
    if (at + 46 > end || !startsWith(bytes, zipCentralHeader, at)) return undefined;
    const nameLength = u16(bytes, at + 28);
    const next = at + 46 + nameLength + u16(bytes, at + 30) + u16(bytes, at + 32);
    if (next > end) return undefined;
    names.push(latin1(bytes, at + 46, nameLength));
    at = next;
  }
  return names;
}

/**
 * OpenDocument: the archive's first entry is named `mimetype`, stored uncompressed, and holds the
 * media type, so it can be read straight from the first local header.
 */
function detectOdf(bytes: Uint8Array): DocumentType | undefined {
  if (bytes.length < 30) return undefined;
  const method = u16(bytes, 8);
  const storedSize = u32(bytes, 18);
  const nameLength = u16(bytes, 26);
  const extraLength = u16(bytes, 28);
  if (method !== 0 || nameLength !== 8 || 30 + nameLength > bytes.length) return undefined;
  if (latin1(bytes, 30, 8) !== 'mimetype') return undefined;
  const data = 30 + nameLength + extraLength;
  if (storedSize > 100 || data + storedSize > bytes.length) return undefined;
  return odfTypes[latin1(bytes, data, storedSize)];
}

/**
 * Macros run code on the reader's computer; a council's papers never need them, so archives that
 * carry them (VBA in Office files, Basic or scripts in OpenDocument) are refused.
 */
const macroPart = (name: string) => /(^|\/)vbaProject\.bin$/i.test(name) || /^(Basic|Scripts)\//.test(name);

function detectZip(bytes: Uint8Array): DocumentType | undefined {
  const names = zipEntryNames(bytes);
  if (!names || names.some(macroPart)) return undefined;
  const odf = detectOdf(bytes);
  if (odf) return odf;
  if (!names.includes('[Content_Types].xml')) return undefined;
  return ooxmlTypes.find((o) => names.some((n) => n.startsWith(o.prefix) && n.length > o.prefix.length))?.type;
}

export function detectDocumentType(bytes: Uint8Array): DocumentType | undefined {
  if (startsWith(bytes, ascii('%PDF-'))) return pdfType;
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return { mimeType: 'image/png', extension: 'png' };
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return { mimeType: 'image/jpeg', extension: 'jpg' };
  if (startsWith(bytes, ascii('RIFF')) && startsWith(bytes, ascii('WEBP'), 8)) return { mimeType: 'image/webp', extension: 'webp' };
  if (startsWith(bytes, zipLocalHeader)) return detectZip(bytes);
  return undefined;
}

/** The extensions a file of this type may already carry (".jpeg" is as good as ".jpg"). */
function extensionsOf(type: DocumentType): string[] {
  return type.extension === 'jpg' ? ['jpg', 'jpeg'] : [type.extension];
}

export const maxFileNameLength = 200;

/**
 * A name to show and to offer when saving: the last path segment of what the browser sent, without
 * control characters or characters that file systems reject, at most 200 characters, and ending in
 * the extension of the type found in the content. A wrong ending stays visible but is no longer the
 * last one ("tool.exe" holding a PDF becomes "tool.exe.pdf"), so no program opens the file as
 * something it is not.
 */
export function safeFileName(uploaded: string, type: DocumentType, fallback: string): string {
  const name = uploaded
    .normalize('NFC')
    .split(/[/\\]/)
    .pop()!
    // Control characters, lone surrogates and bidi overrides (which make "gpj.exe" read as "exe.jpg"); the
    // zero-width (non-)joiners stay, Persian and other scripts need them.
    .replace(/[\p{Cc}\p{Cs}\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/gu, '')
    .replace(/[<>:"|?*]/g, '_')
    .replace(/\s+/g, ' ')
    .replace(/^[.\s]+|[.\s]+$/g, '');
  const dot = name.lastIndexOf('.');
  const ending = dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
  const keepsEnding = extensionsOf(type).includes(ending);
  let stem = (keepsEnding ? name.slice(0, dot) : name).replace(/[.\s]+$/g, '') || fallback;
  const suffix = `.${keepsEnding ? ending : type.extension}`;
  // At most 200 UTF-16 units, as the router's limit for a URL segment counts them, cut between
  // code points so that no letter outside the Basic Multilingual Plane is split in half.
  const room = maxFileNameLength - suffix.length;
  if (stem.length > room) {
    let cut = '';
    for (const point of stem) {
      if (cut.length + point.length > room) break;
      cut += point;
    }
    stem = cut.replace(/[.\s]+$/g, '') || fallback;
  }
  return `${stem}${suffix}`;
}
