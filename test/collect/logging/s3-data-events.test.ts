import { describe, expect, it } from 'vitest';
import { logsAllManagementEvents, managementEvents, s3DataEvents } from '../../../src/collect/cloudtrail.js';

// S3 object-level logging as GetEventSelectors shows it: basic DataResources or advanced field selectors.

const data = (...extra: Array<Record<string, unknown>>) => ({
  Name: 's3', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Data'] }, { Field: 'resources.type', Equals: ['AWS::S3::Object'] }, ...extra],
});
const basic = (ReadWriteType: string | undefined, Values: string[], Type = 'AWS::S3::Object') => ({
  EventSelectors: [{ ...(ReadWriteType ? { ReadWriteType } : {}), IncludeManagementEvents: true, DataResources: [{ Type, Values }] }],
});

describe('s3DataEvents: basic selectors', () => {
  it('AWS::S3::Object on arn:aws:s3 or arn:aws:s3::: is every bucket; ReadWriteType decides reads and writes (default All)', () => {
    expect(s3DataEvents(basic('All', ['arn:aws:s3']))).toMatchObject({ style: 'basic', allBucketsRead: true, allBucketsWrite: true });
    expect(s3DataEvents(basic('WriteOnly', ['arn:aws:s3:::']))).toMatchObject({ allBucketsRead: false, allBucketsWrite: true });
    expect(s3DataEvents(basic('ReadOnly', ['arn:aws:s3']))).toMatchObject({ allBucketsRead: true, allBucketsWrite: false });
    expect(s3DataEvents(basic(undefined, ['arn:aws-us-gov:s3:::']))).toMatchObject({ allBucketsRead: true, allBucketsWrite: true });
  });

  it('one bucket or a prefix is not every bucket; Lambda data events are not S3; the selectors are kept as evidence', () => {
    const one = s3DataEvents(basic('All', ['arn:aws:s3:::acme-raw/']));
    expect(one).toMatchObject({ allBucketsRead: false, allBucketsWrite: false });
    expect(one.selectors).toEqual([{ ReadWriteType: 'All', DataResources: [{ Type: 'AWS::S3::Object', Values: ['arn:aws:s3:::acme-raw/'] }] }]);
    const lambda = s3DataEvents(basic('All', ['arn:aws:lambda'], 'AWS::Lambda::Function'));
    expect(lambda).toMatchObject({ allBucketsRead: false, allBucketsWrite: false, selectors: [] });
  });

  it('a WriteOnly and a ReadOnly selector together cover both; no selectors at all is style none', () => {
    const both = s3DataEvents({ EventSelectors: [basic('WriteOnly', ['arn:aws:s3']).EventSelectors[0], basic('ReadOnly', ['arn:aws:s3']).EventSelectors[0]] });
    expect(both).toMatchObject({ allBucketsRead: true, allBucketsWrite: true });
    expect(s3DataEvents({ EventSelectors: [] })).toEqual({ style: 'none', allBucketsRead: false, allBucketsWrite: false, selectors: [] });
    expect(s3DataEvents({})).toMatchObject({ style: 'none' });
  });
});

describe('s3DataEvents: advanced selectors', () => {
  it('eventCategory Data + resources.type AWS::S3::Object without readOnly logs reads and writes of every bucket', () => {
    expect(s3DataEvents({ AdvancedEventSelectors: [data()] })).toMatchObject({ style: 'advanced', allBucketsRead: true, allBucketsWrite: true });
  });

  it('readOnly false is writes only, readOnly true reads only (Equals or NotEquals)', () => {
    expect(s3DataEvents({ AdvancedEventSelectors: [data({ Field: 'readOnly', Equals: ['false'] })] })).toMatchObject({ allBucketsRead: false, allBucketsWrite: true });
    expect(s3DataEvents({ AdvancedEventSelectors: [data({ Field: 'readOnly', Equals: ['true'] })] })).toMatchObject({ allBucketsRead: true, allBucketsWrite: false });
    expect(s3DataEvents({ AdvancedEventSelectors: [data({ Field: 'readOnly', NotEquals: ['true'] })] })).toMatchObject({ allBucketsRead: false, allBucketsWrite: true });
  });

  it('a resources.ARN narrowing to a bucket, or an eventName condition, is not every bucket; StartsWith arn:aws:s3::: is', () => {
    for (const narrowing of [
      { Field: 'resources.ARN', StartsWith: ['arn:aws:s3:::acme-raw/'] },
      { Field: 'resources.ARN', NotStartsWith: ['arn:aws:s3:::acme-noisy/'] },
      { Field: 'eventName', Equals: ['PutObject'] },
    ]) {
      const d = s3DataEvents({ AdvancedEventSelectors: [data(narrowing)] });
      expect(d, JSON.stringify(narrowing)).toMatchObject({ allBucketsRead: false, allBucketsWrite: false });
      expect(d.selectors).toHaveLength(1);
    }
    expect(s3DataEvents({ AdvancedEventSelectors: [data({ Field: 'resources.ARN', StartsWith: ['arn:aws:s3:::'] })] }))
      .toMatchObject({ allBucketsRead: true, allBucketsWrite: true });
  });

  it('DynamoDB data events and management selectors are not S3 object logging', () => {
    const dynamo = { Name: 'ddb', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Data'] }, { Field: 'resources.type', Equals: ['AWS::DynamoDB::Table'] }] };
    const mgmt = { Name: 'mgmt', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }] };
    expect(s3DataEvents({ AdvancedEventSelectors: [dynamo, mgmt] })).toEqual({ style: 'advanced', allBucketsRead: false, allBucketsWrite: false, selectors: [] });
  });
});

describe('v7.0.0 audit form of the multi-region trail (advanced selectors)', () => {
  it('eventCategory = Management with no readOnly field counts as read+write management events, beside S3 data selectors', () => {
    const out = {
      AdvancedEventSelectors: [
        { Name: 'Management events selector', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }] },
        { Name: 'S3 writes', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Data'] }, { Field: 'resources.type', Equals: ['AWS::S3::Object'] }, { Field: 'readOnly', Equals: ['false'] }] },
      ],
    };
    const m = managementEvents(out);
    expect(m).toMatchObject({ style: 'advanced', read: true, write: true, excludedSources: [], otherConditions: [] });
    expect(logsAllManagementEvents(m)).toBe(true);
    expect(s3DataEvents(out)).toMatchObject({ allBucketsWrite: true, allBucketsRead: false });
  });

  it('the basic form (IncludeManagementEvents, ReadWriteType All) still counts', () => {
    expect(logsAllManagementEvents(managementEvents({ EventSelectors: [{ ReadWriteType: 'All', IncludeManagementEvents: true, DataResources: [] }] }))).toBe(true);
  });
});
