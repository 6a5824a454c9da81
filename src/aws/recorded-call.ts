import type { ServiceName } from './services.js';

// One AWS call as recorded for a snapshot: exact input, and the output or the error.
export interface RecordedCall {
  service: ServiceName;
  region: string;
  operation: string;
  input: Record<string, unknown>;
  output?: Record<string, unknown>;
  error?: { code: string; message: string };
}
