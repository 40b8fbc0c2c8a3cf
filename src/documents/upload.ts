import type { FastifyMultipartBaseOptions } from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import type { Translator } from '../infra/i18n/translator.js';
import { formValues, type FormValues } from '../web/forms.js';

/** A file as the browser sent it; its type is not known yet (see content-type.ts). */
export interface UploadedFile {
  name: string;
  bytes: Buffer;
  /** Cut off at the size limit: the file was bigger. */
  truncated: boolean;
}

export interface UploadRequest {
  values: FormValues;
  /** The file of the form's file input; undefined when the body had no such part. */
  file: UploadedFile | undefined;
  /** The body broke the form's limits (more files or fields than it has) or was not valid multipart. */
  malformed: boolean;
}

/**
 * What one upload form may send. Every form has one file input; its other fields are counted and
 * bounded so that a forged body cannot make the server hold more than the form could have sent.
 */
export interface UploadLimits {
  /** The name of the form's file input. A file part under any other name is read and dropped. */
  fileField: string;
  /** The largest file, in bytes; more is cut off and the file marked truncated. */
  maxBytes: number;
  /** How many fields besides the file, the CSRF token included. */
  fields: number;
  /** The longest value of one field, in bytes; busboy cuts off the rest. */
  fieldSize: number;
  /** Names the form in the log line written when its body could not be read. */
  label: string;
}

/** busboy's limits for a form: one file, the fields, and the parts they come in (with one to spare). */
function busboyLimits(limits: UploadLimits) {
  return { fileSize: limits.maxBytes, files: 1, fields: limits.fields, fieldSize: limits.fieldSize, parts: limits.fields + 2 };
}

/**
 * The options to register @fastify/multipart with, in the scope of the routes that take this form.
 * The file size limit does not throw: readUpload marks the file truncated, so the form can say so.
 */
export function multipartOptions(limits: UploadLimits): FastifyMultipartBaseOptions {
  return { throwFileSizeLimit: false, limits: busboyLimits(limits) };
}

/**
 * Reads the whole body of an upload form. Every part is read to its end, even past the size limit
 * (busboy discards what exceeds it), so the browser gets the form with its error instead of a reset
 * connection. A urlencoded post (a form sent without its file part) gives its fields only. The CSRF
 * token is not a value of the form: it was checked before the body was read.
 */
export async function readUpload(request: FastifyRequest, limits: UploadLimits): Promise<UploadRequest> {
  if (!request.isMultipart()) return { values: formValues(request.body), file: undefined, malformed: false };
  const values: FormValues = {};
  let file: UploadedFile | undefined;
  try {
    for await (const part of request.parts({ limits: busboyLimits(limits) })) {
      if (part.type === 'file') {
        const bytes = await part.toBuffer();
        if (part.fieldname === limits.fileField) file = { name: part.filename ?? '', bytes, truncated: part.file.truncated };
      } else if (part.fieldname !== '_csrf') {
        values[part.fieldname] = String(part.value);
      }
    }
  } catch (error) {
    request.log.info({ err: error }, `${limits.label} could not be read`);
    return { values, file: undefined, malformed: true };
  }
  return { values, file, malformed: false };
}

/**
 * True when the form came with a file: a file part, and not the one with no name and no bytes a
 * browser sends for a file input left empty. A chosen file that is empty still counts, so the form
 * can say it is empty.
 */
export function fileChosen(file: UploadedFile | undefined): file is UploadedFile {
  return file !== undefined && !(file.bytes.length === 0 && file.name === '');
}

/** A size limit in megabytes for the forms' hints and errors, e.g. "20" or "2,5". */
export function megabytes(t: Translator, bytes: number): string {
  return t.fmt.number(Math.round((bytes / (1024 * 1024)) * 100) / 100);
}
