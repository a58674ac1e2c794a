import type { DynamoDBStreamEvent } from 'aws-lambda';
import { BatchHandler, EventType, RecordHandler, silentLogger } from 'batchkit';
import { dynamodbStreamEvent } from 'batchkit/testing';
import { expect } from 'chai';
import { IsString } from 'class-validator';

describe('DynamoDB binary and set attributes in DTOs', () => {
  it('keeps the bytes of B and BS attributes and the members of sets through class-transformer', async () => {
    // Prepare
    class AvatarDto {
      @IsString() pk!: string;
      image!: Uint8Array;
      thumbnails!: unknown;
      tags!: unknown;
    }
    const seen: AvatarDto[] = [];
    class Handler {
      @RecordHandler(EventType.DynamoDBStreams)
      handle(avatar: AvatarDto) {
        seen.push(avatar);
      }
      @BatchHandler({ logger: silentLogger })
      async handler(_event: DynamoDBStreamEvent) {}
    }
    const image = new Uint8Array([137, 80, 78, 71, 0, 255]);
    const event = dynamodbStreamEvent([
      {
        eventName: 'INSERT',
        keys: { pk: 'u#1' },
        newImage: {
          pk: 'u#1',
          image,
          thumbnails: new Set([new Uint8Array([1, 2]), new Uint8Array([3])]),
          tags: new Set(['a', 'b']),
        },
      },
    ]);

    // Act
    const response = await new Handler().handler(event);

    // Assess
    expect(response).to.deep.equal({ batchItemFailures: [] });
    expect(seen).to.have.length(1);
    const [avatar] = seen as [AvatarDto];
    expect([...avatar.image]).to.deep.equal([...image]);
    expect([...(avatar.thumbnails as Iterable<Uint8Array>)].map((b) => [...b])).to.deep.equal([[1, 2], [3]]);
    expect([...(avatar.tags as Iterable<string>)]).to.deep.equal(['a', 'b']);
  });
});
