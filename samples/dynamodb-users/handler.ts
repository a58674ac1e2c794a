import 'reflect-metadata';
import type { Context, DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import {
  BatchHandler,
  type BatchLogger,
  batchResponse,
  consoleLogger,
  EventType,
  type RecordFailure,
  RecordHandler,
} from 'batchkit';
import { UserDto } from './dto';
import { Mailer, UserDirectory, type WelcomeEmail } from './services';

/**
 * Reacts to changes of the Users table. Each change goes to the first `@RecordHandler` whose `match` accepts it:
 * new users are welcomed; updates and deletions keep a search directory in step. Each record handler names its DTO
 * (`dto: UserDto`), so the class works as esbuild bundles it (template.yaml), which emits no decorator metadata.
 */
export class UserStreamHandler {
  constructor(
    private readonly mailer: Mailer,
    private readonly directory: UserDirectory,
    private readonly logger: BatchLogger = consoleLogger,
  ) {}

  @RecordHandler(EventType.DynamoDBStreams, { dto: UserDto, match: (record) => record.eventName === 'INSERT' })
  async welcome(user: UserDto): Promise<WelcomeEmail> {
    this.directory.put(user);
    return this.mailer.sendWelcome(user);
  }

  /** On REMOVE there is no NewImage: `user` is built from the OldImage (the table streams NEW_AND_OLD_IMAGES). */
  @RecordHandler(EventType.DynamoDBStreams, {
    dto: UserDto,
    match: (record) => record.eventName === 'MODIFY' || record.eventName === 'REMOVE',
  })
  syncDirectory(user: UserDto, record: DynamoDBRecord): void {
    if (record.eventName === 'REMOVE') this.directory.remove(user.userId);
    else this.directory.put(user);
  }

  /** The Lambda entry, after every record settled: the sequence numbers to retry from, as Lambda expects them. */
  @BatchHandler()
  async handler(event: DynamoDBStreamEvent, context: Context): Promise<DynamoDBBatchResponse> {
    return batchResponse();
  }

  onFailure(failure: RecordFailure<DynamoDBRecord>): void {
    const { error } = failure;
    this.logger.error('User change not applied', {
      itemIdentifier: failure.itemIdentifier,
      eventName: failure.record.eventName,
      errorCode: (error as { code?: string }).code ?? error.name,
      errorMessage: error.message,
      retryable: failure.retryable,
    });
  }
}

/** The function's side effects, in memory: the sample makes no AWS calls. */
export const mailer = new Mailer();
export const directory = new UserDirectory();

const users = new UserStreamHandler(mailer, directory);

/** What Lambda calls: `Handler: handler.handler` in template.yaml. */
export const handler: (event: DynamoDBStreamEvent, context: Context) => Promise<DynamoDBBatchResponse> = users.handler;
