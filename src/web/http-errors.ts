/** Thrown by a page when what the URL names does not exist (or is not public): renders the 404 page. */
export class NotFoundError extends Error {
  readonly statusCode = 404;
  constructor(what = 'Not found') {
    super(what);
    this.name = 'NotFoundError';
  }
}
