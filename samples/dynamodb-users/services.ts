import { UserDto } from './dto';

/** A welcome e-mail waiting to be sent. */
export interface WelcomeEmail {
  userId: string;
  to: string;
  subject: string;
}

/** Stands in for an e-mail service, in memory. Sending twice to the same user is a no-op (streams redeliver). */
export class Mailer {
  readonly outbox = new Map<string, WelcomeEmail>();

  sendWelcome(user: UserDto): WelcomeEmail {
    const email = { userId: user.userId, to: user.email, subject: `Welcome aboard, ${user.name}!` };
    if (!this.outbox.has(user.userId)) this.outbox.set(user.userId, email);
    return this.outbox.get(user.userId) as WelcomeEmail;
  }
}

/** A search directory kept in step with the table, in memory (a real one might be OpenSearch). */
export class UserDirectory {
  readonly users = new Map<string, { name: string; plan: string }>();

  put(user: UserDto): void {
    this.users.set(user.userId, { name: user.name, plan: user.plan });
  }

  remove(userId: string): void {
    this.users.delete(userId);
  }
}
