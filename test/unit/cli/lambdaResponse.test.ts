import { sqsEvent } from 'batchkit/testing';
import { expect } from 'chai';
import { readResponse } from '../../../src/cli/lambdaResponse.js';

describe('readResponse: what Lambda makes of a partial batch response', () => {
  const event = sqsEvent(['a', 'b']);
  const [first, second] = event.Records.map((r) => r.messageId) as [string, string];

  const accepted: { name: string; response: unknown; failed: string[] }[] = [
    { name: 'undefined (nothing returned)', response: undefined, failed: [] },
    { name: 'null', response: null, failed: [] },
    { name: 'an empty object', response: {}, failed: [] },
    { name: 'null batchItemFailures', response: { batchItemFailures: null }, failed: [] },
    { name: 'an empty list', response: { batchItemFailures: [] }, failed: [] },
    { name: 'identifiers of the event', response: { batchItemFailures: [{ itemIdentifier: second }] }, failed: [second] },
    {
      name: 'an entry whose undefined extra key JSON drops',
      response: { batchItemFailures: [{ itemIdentifier: first, note: undefined }] },
      failed: [first],
    },
  ];
  for (const { name, response, failed } of accepted) {
    it(`accepts ${name}`, () => {
      // Act
      const verdict = readResponse(event, response);

      // Assess
      expect(verdict.accepted).to.equal(true);
      expect(verdict.accepted && [...verdict.failed]).to.deep.equal(failed);
    });
  }

  const retried: { name: string; response: unknown; says: RegExp }[] = [
    { name: 'an identifier not in the event', response: { batchItemFailures: [{ itemIdentifier: 'x-1' }] }, says: /"x-1"/ },
    {
      name: 'a null identifier',
      response: { batchItemFailures: [{ itemIdentifier: null }] },
      says: /\[0\]\.itemIdentifier is null/,
    },
    { name: 'an empty identifier', response: { batchItemFailures: [{ itemIdentifier: '' }] }, says: /empty/ },
    { name: 'a number identifier', response: { batchItemFailures: [{ itemIdentifier: 7 }] }, says: /number/ },
    {
      name: 'an undefined identifier (dropped by JSON)',
      response: { batchItemFailures: [{ itemIdentifier: undefined }] },
      says: /no itemIdentifier/,
    },
    {
      name: 'a wrong key',
      response: { batchItemFailures: [{ itemIdentifier: first }, { itemId: second }] },
      says: /\[1\].*itemId\b/,
    },
    { name: 'a string entry', response: { batchItemFailures: [first] }, says: /\[0\] is the string/ },
    { name: 'a non-array', response: { batchItemFailures: { itemIdentifier: first } }, says: /not an array/ },
    { name: 'a response that is not an object', response: 'ok', says: /the response is the string "ok"/ },
    { name: 'an array response', response: [{ itemIdentifier: first }], says: /the response is an array/ },
    { name: 'a BigInt', response: { batchItemFailures: [], n: 1n }, says: /BigInt/ },
  ];
  for (const { name, response, says } of retried) {
    it(`retries the whole batch for ${name}`, () => {
      // Act
      const verdict = readResponse(event, response);

      // Assess
      expect(verdict.accepted).to.equal(false);
      expect(!verdict.accepted && verdict.reason).to.match(says);
    });
  }
});
