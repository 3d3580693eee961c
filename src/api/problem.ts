/**
 * HTTP errors as RFC 9457 problem documents (`application/problem+json`) with a stable `code`
 * (`API_WHAT`). An `ApiError` keeps its cause and renders itself; handlers throw it and the app's
 * error handler turns it (or any other error, as API_INTERNAL without its details) into a response.
 * It must not log or hold request data beyond what the client is told.
 */
import type { z } from 'zod';

export const problemContentType = 'application/problem+json';

/** One validation issue of a request, as Zod reported it. */
export interface ProblemIssue {
  path: (string | number)[];
  message: string;
  code: string;
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  issues?: ProblemIssue[];
}

const titles: Record<number, string> = {
  400: 'Bad request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not found',
  413: 'Content too large',
  415: 'Unsupported media type',
  422: 'Unprocessable content',
  429: 'Too many requests',
  500: 'Internal server error',
};

export class ApiError extends Error {
  readonly issues: ProblemIssue[] | undefined;
  readonly headers: Record<string, string>;

  constructor(
    readonly status: number,
    readonly code: string,
    detail: string,
    options: { cause?: unknown; issues?: ProblemIssue[]; headers?: Record<string, string> } = {},
  ) {
    super(detail, options.cause === undefined ? undefined : { cause: options.cause });
    this.issues = options.issues;
    this.headers = options.headers ?? {};
  }

  /** A 400 API_BAD_REQUEST listing what Zod found wrong with `where` (query, body). */
  static fromZod(error: z.ZodError, where: string): ApiError {
    const issues = error.issues.map((issue) => ({ path: issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p)), message: issue.message, code: issue.code }));
    const first = issues[0];
    const detail = `invalid ${where}` + (first ? `: ${first.path.join('.') || '(root)'}: ${first.message}` : '');
    return new ApiError(400, 'API_BAD_REQUEST', detail, { cause: error, issues });
  }

  toProblem(): Problem {
    return {
      type: `https://dateline.dev/problems/${this.code.toLowerCase().replace(/_/g, '-')}`,
      title: titles[this.status] ?? 'Error',
      status: this.status,
      detail: this.message,
      code: this.code,
      ...(this.issues ? { issues: this.issues } : {}),
    };
  }

  toResponse(): Response {
    return new Response(JSON.stringify(this.toProblem()), { status: this.status, headers: { 'content-type': problemContentType, ...this.headers } });
  }
}
