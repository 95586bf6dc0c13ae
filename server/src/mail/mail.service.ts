import { Inject, Injectable, Logger } from '@nestjs/common';
import { createTransport, type Transporter } from 'nodemailer';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { APP_CONFIG, type AppConfig } from '../config/config';

export interface Mail {
  to: string;
  subject: string;
  text: string;
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** A subject as it may appear in the log: a reset code in it ("Your password reset code: 123456") is masked. */
const forLog = (subject: string) => subject.replace(/\b\d{6}\b/g, '••••••');

/** Sends mail over SMTP_URL; without it, writes each mail to DATA_DIR/outbox and logs a line. */
@Injectable()
export class MailService {
  private readonly logger = new Logger('Mail');
  private readonly transport: Transporter | null;
  private readonly outbox: string;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.transport = config.smtpUrl ? createTransport(config.smtpUrl) : null;
    this.outbox = join(config.dataDir, 'outbox');
  }

  /** Never throws: a mail that cannot be sent is logged, and the request that caused it still succeeds. */
  async send(mail: Mail): Promise<void> {
    const html = `<div style="font-family:system-ui,sans-serif;line-height:1.5">${escapeHtml(mail.text)
      .split('\n')
      .join('<br>')}</div>`;
    try {
      if (this.transport) {
        await this.transport.sendMail({ from: this.config.mailFrom, to: mail.to, subject: mail.subject, text: mail.text, html });
        return;
      }
      mkdirSync(this.outbox, { recursive: true });
      const file = join(this.outbox, `${new Date().toISOString().replace(/[:.]/g, '-')}-${mail.to.replace(/[^a-z0-9@.-]/gi, '_')}.txt`);
      writeFileSync(file, `From: ${this.config.mailFrom}\nTo: ${mail.to}\nSubject: ${mail.subject}\n\n${mail.text}\n`);
      this.logger.log(`outbox: "${forLog(mail.subject)}" to ${mail.to} (${file})`);
    } catch (e) {
      this.logger.error(`could not send "${forLog(mail.subject)}" to ${mail.to}: ${(e as Error).message}`);
    }
  }
}
