import { describe, expect, it } from 'vitest';
import { matchesEvent, parsePattern } from '../../src/patterns/index.js';

const matches = (pattern: string, event: unknown) => matchesEvent(parsePattern(pattern), event);

describe('matchesEvent', () => {
  it('applies precedence when evaluating A || B && C', () => {
    const implicit = '{ $.a = 1 || $.b = 2 && $.c = 3 }';
    const grouped = '{ ($.a = 1 || $.b = 2) && $.c = 3 }';
    const onlyA = { a: 1, b: 0, c: 0 };
    expect(matches(implicit, onlyA)).toBe(true);
    expect(matches('{ $.a = 1 || ($.b = 2 && $.c = 3) }', onlyA)).toBe(true);
    expect(matches(grouped, onlyA)).toBe(false);
    expect(matches(implicit, { a: 0, b: 2, c: 0 })).toBe(false);
    expect(matches(implicit, { a: 0, b: 2, c: 3 })).toBe(true);
  });

  describe('absent fields', () => {
    it('never match != (only NOT EXISTS matches an absent field)', () => {
      expect(matches('{ $.userIdentity.invokedBy != "cloudfront.amazonaws.com" }', { userIdentity: { type: 'Root' } })).toBe(false);
      expect(matches('{ $.userIdentity.invokedBy != "cloudfront.amazonaws.com" }', { userIdentity: { invokedBy: 'x' } })).toBe(true);
      expect(matches('{ $.userIdentity.invokedBy NOT EXISTS }', { userIdentity: { type: 'Root' } })).toBe(true);
      expect(matches('{ $.userIdentity.invokedBy NOT EXISTS }', { userIdentity: { invokedBy: 'x' } })).toBe(false);
      expect(matches('{ $.userIdentity.invokedBy NOT EXISTS }', {})).toBe(true);
      expect(matches('{ $.a.b NOT EXISTS }', { a: 'scalar' })).toBe(true);
    });

    it('NOT EXISTS is false for a present null', () => {
      expect(matches('{ $.a NOT EXISTS }', { a: null })).toBe(false);
    });
  });

  describe('wildcards', () => {
    it('treats a leading * as a suffix match and a trailing * as a prefix match', () => {
      expect(matches('{ $.errorCode = "*UnauthorizedOperation" }', { errorCode: 'Client.UnauthorizedOperation' })).toBe(true);
      expect(matches('{ $.errorCode = "*UnauthorizedOperation" }', { errorCode: 'UnauthorizedOperationX' })).toBe(false);
      expect(matches('{ $.errorCode = "AccessDenied*" }', { errorCode: 'AccessDeniedException' })).toBe(true);
      expect(matches('{ $.errorCode = "AccessDenied*" }', { errorCode: 'AccessDenied' })).toBe(true);
      expect(matches('{ $.errorCode = "AccessDenied*" }', { errorCode: 'Client.AccessDenied' })).toBe(false);
      expect(matches('{ $.errorCode = "AccessDenied" }', { errorCode: 'AccessDeniedException' })).toBe(false);
      expect(matches('{ $.sourceIPAddress != 123.123.* }', { sourceIPAddress: '123.123.1.1' })).toBe(false);
      expect(matches('{ $.sourceIPAddress != 123.123.* }', { sourceIPAddress: '10.0.0.1' })).toBe(true);
    });

    it('matches a substring with * at both ends', () => {
      expect(matches('{ $.m = *Denied* }', { m: 'AccessDeniedException' })).toBe(true);
      expect(matches('{ $.m = *Denied* }', { m: 'Allowed' })).toBe(false);
    });

    it('treats a * in the middle literally', () => {
      expect(matches('{ $.e = Ev*ent }', { e: 'Ev*ent' })).toBe(true);
      expect(matches('{ $.e = Ev*ent }', { e: 'EvXent' })).toBe(false);
      expect(matches('{ $.e = Ev*ent }', { e: 'Event' })).toBe(false);
    });

    it('$.f = * matches any present non-null scalar', () => {
      expect(matches('{ $.f = * }', { f: 'x' })).toBe(true);
      expect(matches('{ $.f = * }', { f: '' })).toBe(true);
      expect(matches('{ $.f = * }', { f: 0 })).toBe(true);
      expect(matches('{ $.f = * }', { f: false })).toBe(true);
      expect(matches('{ $.f = * }', { f: null })).toBe(false);
      expect(matches('{ $.f = * }', {})).toBe(false);
      expect(matches('{ $.f = * }', { f: { g: 1 } })).toBe(false);
    });

    it('is case-sensitive', () => {
      expect(matches('{ $.eventName = ConsoleLogin }', { eventName: 'consolelogin' })).toBe(false);
      expect(matches('{ $.eventName = "Console*" }', { eventName: 'console' })).toBe(false);
      expect(matches('{ $.EventName = ConsoleLogin }', { eventName: 'ConsoleLogin' })).toBe(false);
    });
  });

  describe('numbers', () => {
    it('compares an unquoted numeric literal numerically with a number field', () => {
      expect(matches('{ $.n = 123.0 }', { n: 123 })).toBe(true);
      expect(matches('{ $.n = 1.23e2 }', { n: 123 })).toBe(true);
      expect(matches('{ $.n != 123 }', { n: 124 })).toBe(true);
      expect(matches('{ $.n != 123 }', { n: 123 })).toBe(false);
      expect(matches('{ $.n = -0.5 }', { n: -0.5 })).toBe(true);
    });

    it('compares a numeric literal with a string field by its written text', () => {
      expect(matches('{ $.code = 404 }', { code: '404' })).toBe(true);
      expect(matches('{ $.code = 404.0 }', { code: '404' })).toBe(false);
    });

    it('compares quoted values as strings, against the number as text', () => {
      expect(matches('{ $.n = "123" }', { n: 123 })).toBe(true);
      expect(matches('{ $.n = "123.0" }', { n: 123 })).toBe(false);
      expect(matches('{ $.n = "12*" }', { n: 123 })).toBe(true);
    });

    it('applies < > <= >= to number fields only', () => {
      expect(matches('{ $.latency > 100 }', { latency: 250 })).toBe(true);
      expect(matches('{ $.latency > 100 }', { latency: 100 })).toBe(false);
      expect(matches('{ $.latency >= 100 }', { latency: 100 })).toBe(true);
      expect(matches('{ $.latency < 1e-3 }', { latency: 0.0001 })).toBe(true);
      expect(matches('{ $.latency <= -1 }', { latency: -1 })).toBe(true);
      expect(matches('{ $.latency > 100 }', { latency: '250' })).toBe(false);
      expect(matches('{ $.latency > 100 }', {})).toBe(false);
      expect(matches('{ $.latency > 100 }', { latency: [250] })).toBe(false);
    });
  });

  describe('IS NULL / IS TRUE / IS FALSE', () => {
    it('tests the JSON value itself', () => {
      expect(matches('{ $.a IS NULL }', { a: null })).toBe(true);
      expect(matches('{ $.a IS NULL }', {})).toBe(false);
      expect(matches('{ $.a IS NULL }', { a: 'null' })).toBe(false);
      expect(matches('{ $.readOnly IS TRUE }', { readOnly: true })).toBe(true);
      expect(matches('{ $.readOnly IS TRUE }', { readOnly: 'true' })).toBe(false);
      expect(matches('{ $.readOnly IS FALSE }', { readOnly: false })).toBe(true);
      expect(matches('{ $.readOnly IS FALSE }', { readOnly: 0 })).toBe(false);
    });

    it('null is present but equals nothing', () => {
      expect(matches('{ $.a = null }', { a: null })).toBe(false);
      expect(matches('{ $.a != "x" }', { a: null })).toBe(true);
    });
  });

  describe('selectors', () => {
    it('resolves array indexes, including nested arrays', () => {
      const event = { users: [{ id: 'u0' }, { id: 'u1' }], coordinates: [[1, 2], [3, 4]] };
      expect(matches('{ $.users[1].id = u1 }', event)).toBe(true);
      expect(matches('{ $.users[0].id = u1 }', event)).toBe(false);
      expect(matches('{ $.coordinates[1][0] = 3 }', event)).toBe(true);
      expect(matches('{ $.users[5].id NOT EXISTS }', event)).toBe(true);
      expect(matches('{ $.users[5].id != u1 }', event)).toBe(false);
    });

    it('does not treat array indexes as object keys or vice versa', () => {
      expect(matches('{ $.a[0] = x }', { a: { 0: 'x' } })).toBe(false);
      expect(matches('{ $.a.0 = x }', { a: ['x'] })).toBe(false);
      expect(matches('{ $.a.0 = x }', { a: { 0: 'x' } })).toBe(true);
    });

    it('a selector on an object or array matches neither = nor !=', () => {
      const event = { requestParameters: { bucketName: 'logs' }, resources: [{ ARN: 'arn:aws:s3:::logs' }] };
      for (const op of ['=', '!=']) {
        expect(matches(`{ $.requestParameters ${op} * }`, event)).toBe(false);
        expect(matches(`{ $.requestParameters ${op} "logs" }`, event)).toBe(false);
        expect(matches(`{ $.resources ${op} "x" }`, event)).toBe(false);
      }
      expect(matches('{ $.requestParameters.bucketName = logs }', event)).toBe(true);
    });

    it('does not reach into inherited properties', () => {
      expect(matches('{ $.constructor NOT EXISTS }', {})).toBe(true);
      expect(matches('{ $.toString = * }', {})).toBe(false);
    });

    it('treats a non-object event as having no fields', () => {
      expect(matches('{ $.a NOT EXISTS }', 'plain text')).toBe(true);
      expect(matches('{ $.a != x }', null)).toBe(false);
    });
  });
});
