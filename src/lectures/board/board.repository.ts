import type { PersonalDataCipher } from '../../platform/crypto.ts';
import type { Queryable } from '../../platform/db/database.ts';
import type { BoardField, MonthlyField, Question, QuestionRef, QuestionState } from './board.schema.ts';
import type { PersonalDataKind } from './personal-data-mask.ts';

// The board's tables (migration 0022): lecture_board_questions and
// lecture_board_upvotes. The only place with the board's SQL. Every read
// and write names the district; a question of another district is not
// found. Texts arrive here already masked; the contact arrives sealed by
// nobody else: this module seals it with the cipher and opens it only for
// the answer's message.

type QuestionRow = {
  id: number; reference: string; nickname: string; title: string; body: string; field: BoardField; masked_kinds: PersonalDataKind[];
  has_contact: boolean; state: QuestionState; created_at: Date; published_at: Date | null; rejection_reason: string | null;
  answer: string | null; answered_at: Date | null; answer_message_id: number | null; for_lecture: boolean; upvotes: number;
};

const COLUMNS = `id::int AS id, reference, nickname, title, body, field, masked_kinds, contact_enc IS NOT NULL AS has_contact, state, created_at,
  published_at, rejection_reason, answer, answered_at, answer_message_id::int AS answer_message_id, for_lecture_at IS NOT NULL AS for_lecture, upvotes`;

const toQuestion = (r: QuestionRow): Question => ({
  id: Number(r.id), reference: r.reference, nickname: r.nickname, title: r.title, body: r.body, field: r.field, maskedKinds: [...r.masked_kinds],
  hasContact: r.has_contact, state: r.state, createdAt: new Date(r.created_at), publishedAt: r.published_at ? new Date(r.published_at) : null,
  rejectionReason: r.rejection_reason, answer: r.answer, answeredAt: r.answered_at ? new Date(r.answered_at) : null,
  answerMessageId: r.answer_message_id === null ? null : Number(r.answer_message_id), forLecture: r.for_lecture, upvotes: Number(r.upvotes),
});

export interface NewQuestion {
  districtCode: string;
  reference: string;
  locale: 'ko' | 'en';
  nickname: string;
  title: string;
  body: string;
  field: BoardField;
  maskedKinds: readonly PersonalDataKind[];
  contact: { field: 'mobile' | 'email'; value: string } | null;
  now: Date;
}

export async function insertQuestion(q: Queryable, cipher: PersonalDataCipher, n: NewQuestion): Promise<number> {
  const { rows } = await q.query<{ id: number }>(
    `INSERT INTO lecture_board_questions (district_code, reference, locale, nickname, title, body, field, masked_kinds, contact_field, contact_enc, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8::text[], $9, $10, $11) RETURNING id::int AS id`,
    [n.districtCode, n.reference, n.locale, n.nickname, n.title, n.body, n.field, [...n.maskedKinds], n.contact?.field ?? null, n.contact ? cipher.encrypt(n.contact.value) : null, n.now],
  );
  return Number(rows[0]!.id);
}

export async function findQuestion(q: Queryable, districtCode: string, id: number): Promise<Question | null> {
  const { rows } = await q.query<QuestionRow>(`SELECT ${COLUMNS} FROM lecture_board_questions WHERE id = $1 AND district_code = $2`, [id, districtCode]);
  return rows[0] ? toQuestion(rows[0]) : null;
}

export async function findQuestionByReference(q: Queryable, districtCode: string, reference: string): Promise<Question | null> {
  const { rows } = await q.query<QuestionRow>(`SELECT ${COLUMNS} FROM lecture_board_questions WHERE reference = $1 AND district_code = $2`, [reference, districtCode]);
  return rows[0] ? toQuestion(rows[0]) : null;
}

export interface ListOptions {
  state: QuestionState;
  /** new: newest first (published: by publication; otherwise by arrival, oldest first for the queue); top: most upvoted first */
  sort: 'new' | 'top' | 'queue';
  field?: BoardField;
  forLecture?: boolean;
  limit: number;
  offset: number;
}

export async function listQuestions(q: Queryable, districtCode: string, o: ListOptions): Promise<{ questions: Question[]; total: number }> {
  const order = o.sort === 'top' ? 'upvotes DESC, published_at DESC, id DESC' : o.sort === 'queue' ? 'created_at, id' : 'coalesce(published_at, created_at) DESC, id DESC';
  const where = `district_code = $1 AND state = $2 AND ($3::text IS NULL OR field = $3) AND ($4::boolean IS NULL OR (for_lecture_at IS NOT NULL) = $4)`;
  const params = [districtCode, o.state, o.field ?? null, o.forLecture ?? null];
  const { rows } = await q.query<QuestionRow>(`SELECT ${COLUMNS} FROM lecture_board_questions WHERE ${where} ORDER BY ${order} LIMIT $5 OFFSET $6`, [...params, o.limit, o.offset]);
  const { rows: count } = await q.query<{ n: number }>(`SELECT count(*)::int AS n FROM lecture_board_questions WHERE ${where}`, params);
  return { questions: rows.map(toQuestion), total: count[0]!.n };
}

/** How many questions of each state the district has (the console's tabs). */
export async function countByState(q: Queryable, districtCode: string): Promise<Record<QuestionState, number>> {
  const { rows } = await q.query<{ state: QuestionState; n: number }>(
    'SELECT state, count(*)::int AS n FROM lecture_board_questions WHERE district_code = $1 GROUP BY state', [districtCode]);
  const counts: Record<QuestionState, number> = { pending: 0, published: 0, rejected: 0 };
  for (const r of rows) counts[r.state] = r.n;
  return counts;
}

/** The question's state and its contact (opened), locked until the transaction ends; null when the district has no such question. */
export async function lockQuestion(
  tx: Queryable,
  cipher: PersonalDataCipher,
  districtCode: string,
  id: number,
): Promise<{ question: Question; contact: { field: 'mobile' | 'email'; value: string } | null } | null> {
  const { rows } = await tx.query<QuestionRow & { contact_field: 'mobile' | 'email' | null; contact_enc: Uint8Array | null }>(
    `SELECT ${COLUMNS}, contact_field, contact_enc FROM lecture_board_questions WHERE id = $1 AND district_code = $2 FOR UPDATE`, [id, districtCode]);
  const row = rows[0];
  if (!row) return null;
  return {
    question: toQuestion(row),
    contact: row.contact_field && row.contact_enc ? { field: row.contact_field, value: cipher.decrypt(Buffer.from(row.contact_enc)) } : null,
  };
}

export async function markPublished(tx: Queryable, a: { id: number; staffId: number; now: Date }): Promise<void> {
  await tx.query(
    `UPDATE lecture_board_questions SET state = 'published', published_at = $3, moderated_at = $3, moderated_by = $2 WHERE id = $1 AND state = 'pending'`,
    [a.id, a.staffId, a.now],
  );
}

export async function markRejected(tx: Queryable, a: { id: number; staffId: number; reason: string; now: Date }): Promise<void> {
  // A rejected question keeps no way to reach its author.
  await tx.query(
    `UPDATE lecture_board_questions SET state = 'rejected', rejection_reason = $3, moderated_at = $4, moderated_by = $2, contact_field = NULL, contact_enc = NULL
      WHERE id = $1 AND state = 'pending'`,
    [a.id, a.staffId, a.reason, a.now],
  );
}

/** The written answer, which publishes a question still waiting; the contact is erased (its message holds its own sealed copy). */
export async function recordAnswer(tx: Queryable, a: { id: number; staffId: number; answer: string; messageId: number | null; now: Date }): Promise<void> {
  await tx.query(
    `UPDATE lecture_board_questions
        SET answer = $3, answered_at = $5, answered_by = $2, answer_message_id = $4, contact_field = NULL, contact_enc = NULL,
            state = 'published', published_at = coalesce(published_at, $5), moderated_at = coalesce(moderated_at, $5), moderated_by = coalesce(moderated_by, $2)
      WHERE id = $1 AND state <> 'rejected' AND answer IS NULL`,
    [a.id, a.staffId, a.answer, a.messageId, a.now],
  );
}

export async function setForLecture(tx: Queryable, a: { id: number; staffId: number; marked: boolean; now: Date }): Promise<void> {
  await tx.query(
    `UPDATE lecture_board_questions SET for_lecture_at = CASE WHEN $3 THEN coalesce(for_lecture_at, $4) END, for_lecture_by = CASE WHEN $3 THEN coalesce(for_lecture_by, $2) END
      WHERE id = $1 AND state = 'published'`,
    [a.id, a.staffId, a.marked, a.now],
  );
}

/**
 * One upvote of this browser on a published question: added once (the
 * UNIQUE constraint), the question's count raised in the same statement; a
 * second upvote changes nothing. Null when the district has no such
 * published question.
 */
export async function addUpvote(q: Queryable, a: { districtCode: string; id: number; voterHash: Buffer; now: Date }): Promise<{ added: boolean; upvotes: number } | null> {
  const { rows } = await q.query<{ added: boolean; upvotes: number }>(
    `WITH target AS (
       SELECT id FROM lecture_board_questions WHERE id = $1 AND district_code = $2 AND state = 'published'
     ), ins AS (
       INSERT INTO lecture_board_upvotes (question_id, district_code, voter_hash, created_at)
       SELECT id, $2, $3, $4 FROM target
       ON CONFLICT ON CONSTRAINT lecture_board_one_upvote DO NOTHING
       RETURNING question_id
     ), bump AS (
       UPDATE lecture_board_questions SET upvotes = upvotes + 1 WHERE id IN (SELECT question_id FROM ins) RETURNING upvotes
     )
     SELECT EXISTS (SELECT 1 FROM ins) AS added,
            coalesce((SELECT upvotes FROM bump), (SELECT upvotes FROM lecture_board_questions WHERE id = (SELECT id FROM target)))::int AS upvotes
      WHERE EXISTS (SELECT 1 FROM target)`,
    [a.id, a.districtCode, a.voterHash, a.now],
  );
  return rows[0] ? { added: rows[0].added, upvotes: Number(rows[0].upvotes) } : null;
}

/** The questions among ids this browser has upvoted. */
export async function upvotedBy(q: Queryable, voterHash: Buffer, ids: readonly number[]): Promise<Set<number>> {
  if (ids.length === 0) return new Set();
  const { rows } = await q.query<{ id: number }>(
    'SELECT question_id::int AS id FROM lecture_board_upvotes WHERE voter_hash = $1 AND question_id = ANY($2::bigint[])', [voterHash, [...ids]]);
  return new Set(rows.map((r) => Number(r.id)));
}

/**
 * The month's most wanted topics: the questions published in [from, to) by
 * field, ranked by their upvotes (then by how many questions), each with its
 * three most upvoted questions.
 */
export async function monthlyTopics(q: Queryable, districtCode: string, from: Date, to: Date): Promise<MonthlyField[]> {
  const { rows } = await q.query<{ id: number; field: BoardField; title: string; upvotes: number; for_lecture: boolean; answered: boolean }>(
    `SELECT id::int AS id, field, title, upvotes, for_lecture_at IS NOT NULL AS for_lecture, answer IS NOT NULL AS answered
       FROM lecture_board_questions
      WHERE district_code = $1 AND state = 'published' AND published_at >= $2 AND published_at < $3
      ORDER BY upvotes DESC, published_at, id`,
    [districtCode, from, to],
  );
  const byField = new Map<BoardField, MonthlyField>();
  for (const r of rows) {
    const line = byField.get(r.field) ?? { field: r.field, questions: 0, upvotes: 0, forLecture: 0, top: [] };
    line.questions += 1;
    line.upvotes += Number(r.upvotes);
    if (r.for_lecture) line.forLecture += 1;
    if (line.top.length < 3) line.top.push({ id: Number(r.id), title: r.title, upvotes: Number(r.upvotes), forLecture: r.for_lecture, answered: r.answered });
    byField.set(r.field, line);
  }
  return [...byField.values()].sort((a, b) => b.upvotes - a.upvotes || b.questions - a.questions || a.field.localeCompare(b.field));
}

/**
 * Published questions of the district among ids (id, title, field), in the
 * order of ids; an unknown, unpublished or other district's id is left out.
 * For the lecture videos (src/lectures/videos), which list the questions a
 * lecture answers.
 */
export async function questionsByIds(q: Queryable, districtCode: string, ids: readonly number[]): Promise<QuestionRef[]> {
  if (ids.length === 0) return [];
  const { rows } = await q.query<{ id: number; title: string; field: BoardField }>(
    `SELECT id::int AS id, title, field FROM lecture_board_questions WHERE district_code = $1 AND state = 'published' AND id = ANY($2::bigint[])`,
    [districtCode, [...ids]],
  );
  const byId = new Map(rows.map((r) => [Number(r.id), { id: Number(r.id), title: r.title, field: r.field }]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

/** Whether the district already has questions (the demo seeds once). */
export async function districtHasQuestions(q: Queryable, districtCode: string): Promise<boolean> {
  const { rows } = await q.query<{ n: number }>('SELECT count(*)::int AS n FROM lecture_board_questions WHERE district_code = $1', [districtCode]);
  return rows[0]!.n > 0;
}

/** A tax official (else an administrator) of the district, for the demo's moderation; null when it has none. */
export async function demoModerator(q: Queryable, districtCode: string): Promise<number | null> {
  const { rows } = await q.query<{ id: number }>(
    `SELECT id::int AS id FROM staff_accounts WHERE district_code = $1 AND role IN ('tax_official', 'admin') ORDER BY role = 'tax_official' DESC, id LIMIT 1`, [districtCode]);
  return rows[0] ? Number(rows[0].id) : null;
}
