import { open } from 'node:fs/promises';
import type { Command } from 'commander';
import { classifyBounce } from './bounce-classifier.ts';
import { DEFAULT_MIME_LIMITS } from './mime.ts';
import { bounceMessages } from './bounces.messages.ts';

// `taxstation bounce classify FILE...`: reads returned mail saved as files
// (.eml, one message each) and prints one JSON object per file and line:
// {"file", "kind", "reason", "status", "recipient"}. For officials who want
// to know why a message came back, and for tests. Needs no database and no
// configuration.

export interface ClassifiedLine {
  file: string;
  kind: string;
  reason: string | null;
  status: string | null;
  recipient: string | null;
  code?: string;
  message?: string;
  message_ko?: string;
  format?: string;
  rule?: string | null;
}

/** At most `limit` bytes of a file (and whether it had more): the classifier looks at no more. */
async function readHead(file: string, limit: number): Promise<Buffer> {
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.alloc(limit + 1);
    let filled = 0;
    while (filled < buffer.length) {
      const { bytesRead } = await handle.read(buffer, filled, buffer.length - filled, filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    return buffer.subarray(0, filled);
  } finally {
    await handle.close();
  }
}

function errorLine(file: string, error: unknown): ClassifiedLine {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const key = code === 'ENOENT' ? 'file_not_found' : code === 'EISDIR' ? 'file_is_directory' : code === 'EACCES' || code === 'EPERM' ? 'file_no_permission' : 'file_unreadable';
  const vars = { file, reason: code ?? (error instanceof Error ? error.message : 'unknown error') };
  const text = bounceMessages.both(key, vars);
  return { file, kind: 'error', reason: null, status: null, recipient: null, code: key, message: text.en, message_ko: text.ko };
}

/** Classifies each file in turn; a file that cannot be read gives an error line, never an exception. */
export async function classifyFiles(files: string[], options: { explain?: boolean } = {}): Promise<ClassifiedLine[]> {
  const lines: ClassifiedLine[] = [];
  for (const file of files) {
    let bytes: Buffer;
    try {
      bytes = await readHead(file, DEFAULT_MIME_LIMITS.maxBytes);
    } catch (error) {
      lines.push(errorLine(file, error));
      continue;
    }
    const c = classifyBounce(bytes);
    lines.push({ file, kind: c.kind, reason: c.reason, status: c.status, recipient: c.recipient, ...(options.explain ? { format: c.format, rule: c.rule } : {}) });
  }
  return lines;
}

export function registerBounceCommand(program: Command): void {
  const bounce = program.command('bounce').description('returned e-mail (bounces)');
  bounce
    .command('classify')
    .description('tell what each returned message says: hard (the address is dead), soft, delayed, delivered or not a bounce')
    .argument('<files...>', 'returned messages saved as files, one message each (e.g. .eml)')
    .option('--explain', 'also print the mail system the report was recognised as (format) and the rule that named the reason')
    .addHelpText(
      'after',
      `
Prints one JSON object per file and line:
  {"file":"b.eml","kind":"hard","reason":"no_such_user","status":"5.1.1","recipient":"someone@example.net"}

kind     hard (the address itself is dead or wrong), soft (temporary, or not the
         address's fault: spam filters, block lists, SPF/DKIM/DMARC, policy),
         delayed, delivered, not_a_bounce (auto-replies, abuse reports, ...),
         or error (the file could not be read; "message" says why).
reason   no_such_user, host_unknown, invalid_address, mailbox_disabled,
         mailbox_full, message_too_big, spam_rejected, sender_blocked,
         sender_auth_failed, policy, expired, network_error, system_error,
         unknown; delivered, relayed, expanded; auto_reply, feedback_report,
         read_receipt, challenge_response, not_a_report.
status   the enhanced status code (RFC 3463), e.g. 5.1.1; null when none.
recipient  the address the report is about; null when unknown.

The first ${DEFAULT_MIME_LIMITS.maxBytes / 1024} KiB of each file are read. Recipients are personal data:
keep the output where the mail itself may be kept.

Exit codes: 0 done (also when a file could not be read), 2 wrong usage.

Example:
  taxstation bounce classify returned/*.eml`,
    )
    .action(async (files: string[], options: { explain?: boolean }) => {
      for (const line of await classifyFiles(files, options)) process.stdout.write(`${JSON.stringify(line)}\n`);
    });
}
