import { describe, expect, it } from 'vitest';
import { checkResponse } from '../../src/aws/response-shapes.js';
import { bool, bytes, checkShape, date, describeMismatch, list, map, nullable, num, obj, req, str } from '../../src/aws/shape.js';

const at = (shape: Parameters<typeof checkShape>[0], value: unknown) => {
  const m = checkShape(shape, value);
  return m ? describeMismatch(m) : 'ok';
};

describe('checkShape', () => {
  const trail = obj({ Name: req(str), IsLogging: bool, Started: date, Content: bytes, Location: nullable(str), Count: num });

  it('accepts the live SDK forms (Date, Uint8Array) and their snapshot forms (ISO text, text)', () => {
    expect(at(trail, { Name: 'a', Started: new Date('2026-01-01T00:00:00Z'), Content: new Uint8Array([65]) })).toBe('ok');
    expect(at(trail, { Name: 'a', Started: '2026-01-01T00:00:00.000Z', Content: 'A' })).toBe('ok');
    expect(at(trail, { Name: 'a', Started: '2026-01-01T00:00:00+02:00' })).toBe('ok');
  });

  it('rejects dates that are no dates', () => {
    expect(at(trail, { Name: 'a', Started: 'yesterday' })).toBe('Started: expected a date, got string "yesterday"');
    expect(at(trail, { Name: 'a', Started: new Date('x') })).toBe('Started: expected a date, got a date');
    expect(at(trail, { Name: 'a', Started: 1767225600000 })).toBe('Started: expected a date, got number 1767225600000');
  });

  it('optional members may be absent, never of another type; null only where nullable', () => {
    expect(at(trail, { Name: 'a' })).toBe('ok');
    expect(at(trail, { Name: 'a', Location: null })).toBe('ok');
    expect(at(trail, { Name: 'a', IsLogging: null })).toBe('IsLogging: expected a boolean, got null');
    expect(at(trail, { Name: 'a', Location: 3 })).toBe('Location: expected null or a string, got number 3');
    expect(at(trail, { Name: 'a', Count: Number.NaN })).toBe('Count: expected a number, got number NaN');
  });

  it('required members must be present; unknown members are allowed (AWS adds fields)', () => {
    expect(at(trail, {})).toBe('Name: expected a string, got nothing (the member is missing)');
    expect(at(trail, { Name: 'a', SomethingNew: { x: 1 } })).toBe('ok');
  });

  it('names the path into lists and maps, and cuts long values', () => {
    const shape = obj({ Items: req(list(obj({ Tags: map(str) }))) });
    expect(at(shape, { Items: [{ Tags: { a: 'x' } }, { Tags: { b: 2 } }] })).toBe('Items[1].Tags.b: expected a string, got number 2');
    expect(at(shape, { Items: 'x'.repeat(100) })).toBe(`Items: expected a list, got string "${'x'.repeat(36)}...`);
    expect(at(shape, 'nope')).toBe('(response): expected an object, got string "nope"');
    expect(at(shape, { Items: [[]] })).toBe('Items[0]: expected an object, got a list');
  });
});

describe('checkResponse', () => {
  const call = { service: 'iam', region: 'us-east-1', operation: 'GetAccountPasswordPolicy' } as const;

  it('throws AwsCallError UnexpectedResponse naming the call and the path', () => {
    expect(() => checkResponse(call, { PasswordPolicy: 'x' })).toThrow(expect.objectContaining({
      name: 'AwsCallError', code: 'UnexpectedResponse', call, message: 'PasswordPolicy: expected an object, got string "x"',
    }));
    expect(() => checkResponse(call, { PasswordPolicy: { RequireSymbols: 'yes' } })).toThrow('PasswordPolicy.RequireSymbols: expected a boolean, got string "yes"');
    expect(() => checkResponse(call, { PasswordPolicy: { RequireSymbols: true, MinimumPasswordLength: 14 } })).not.toThrow();
  });

  it('leaves operations without an entry alone (remediation reads, writes)', () => {
    expect(() => checkResponse({ ...call, operation: 'GetRole' }, { Role: 'x' })).not.toThrow();
  });
});
