/** A field-level problem reported back to the caller. */
export interface ErrorDetail {
  path: string;
  message: string;
}

/** The one way to fail a request: mapped to JSON under /api and to the error page elsewhere. */
export class HttpError extends Error {
  override name = "HttpError";
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: ErrorDetail[] = [],
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }

  /** The CONTRACT.md error body. */
  toJSON() {
    return {
      error: {
        code: this.code,
        message: this.message,
        ...(this.details.length ? { details: this.details } : {}),
      },
    };
  }
}

export const notFound = (what = "resource") => new HttpError(404, "not_found", `${what} not found`);
