/** Values of the REST contract that the client and the reference server must agree on. */

/** Items per list page when the request names no `limit`. */
export const DEFAULT_PAGE_SIZE = 50;
/** The largest `limit` a list request may ask for. */
export const MAX_PAGE_SIZE = 100;
