/** The process's streams and environment as every layer that talks to the user sees them (tests pass fakes). */
export interface Io {
  stdout(text: string): void;
  stderr(text: string): void;
  stdoutIsTTY: boolean;
  stderrIsTTY: boolean;
  /** The terminal's width when stdout is one (the table is laid out for it). */
  stdoutColumns?: number;
  env: NodeJS.ProcessEnv;
  stdinIsTTY?: boolean;
  /** One line typed on the terminal (an MFA token); absent when nobody can answer. */
  ask?(question: string): Promise<string>;
}
