/** The CLI's exit codes: scripts and pipelines branch on them. */
export const ExitCode = {
  ok: 0,
  /** Any other error, and a job that failed or was cancelled. */
  failure: 1,
  /** Bad arguments or options. */
  usage: 2,
  /** The API refused the token (401) or its permissions (403), or there is no token. */
  auth: 3,
  /** `--fail-on`: the job opened findings of that severity or worse. */
  findings: 4,
} as const;

export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/** An error the CLI reports as one line on stderr, exiting with `exitCode`. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCodeValue = ExitCode.failure,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

export class UsageError extends CliError {
  constructor(message: string) {
    super(message, ExitCode.usage);
  }
}

export class AuthError extends CliError {
  constructor(message: string) {
    super(message, ExitCode.auth);
  }
}

/** An error answer of the API: `{"error", "code"}` with its HTTP status. */
export class ApiError extends CliError {
  constructor(
    readonly status: number,
    readonly code: string | undefined,
    message: string,
    readonly body: unknown,
  ) {
    super(`${message} (HTTP ${status}${code ? `, ${code}` : ''})`, status === 401 || status === 403 ? ExitCode.auth : ExitCode.failure);
  }
}
