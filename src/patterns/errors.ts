/** The only error the parser throws; `position` is a 0-based UTF-16 offset into the input. */
export class PatternSyntaxError extends Error {
  override readonly name = 'PatternSyntaxError';
  readonly position: number;
  /** The message without the trailing "at N", for callers that show the position themselves. */
  readonly reason: string;

  constructor(reason: string, position: number) {
    super(`${reason} at ${position}`);
    this.reason = reason;
    this.position = position;
  }
}
