import type { Queryable } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { conversationMessages } from './conversations.messages.ts';
import { postMessage, publishEvent, type DeskDeps } from './conversations.service.ts';
import { conversationTopic, districtTopic } from './conversations.topics.ts';
import type { QueueItem } from './queue-item.ts';

// Waiting conversations go first in, first out to the least-busy available
// agent under their limit. Each assignment is one transaction that locks the
// oldest waiting conversation and the chosen agent's status row with
// SKIP LOCKED, so several serve processes assigning at once never hand one
// conversation to two agents nor push an agent over their limit.

export type AgentAvailability = 'available' | 'away';

async function assignOne(deps: DeskDeps, districtCode: string): Promise<{ conversationId: number; staffId: number } | null> {
  return deps.db.transaction(async (tx) => {
    const waiting = await tx.query<{ id: string }>(
      `SELECT id FROM conversations WHERE district_code = $1 AND state = 'waiting'
        ORDER BY created_at, id LIMIT 1 FOR UPDATE SKIP LOCKED`,
      [districtCode],
    );
    const conversationId = waiting.rows[0] ? Number(waiting.rows[0].id) : null;
    if (conversationId === null) return null;
    const agents = await tx.query<{ staff_id: string }>(
      `SELECT s.staff_id FROM agent_status s
        JOIN staff_accounts a ON a.id = s.staff_id AND a.disabled_at IS NULL
       WHERE s.district_code = $1 AND s.status = 'available'
         AND (SELECT count(*) FROM conversations c WHERE c.assigned_staff_id = s.staff_id AND c.state = 'assigned') < s.max_concurrent
       ORDER BY (SELECT count(*) FROM conversations c WHERE c.assigned_staff_id = s.staff_id AND c.state = 'assigned'), s.updated_at, s.staff_id
       LIMIT 1 FOR UPDATE OF s SKIP LOCKED`,
      [districtCode],
    );
    const staffId = agents.rows[0] ? Number(agents.rows[0].staff_id) : null;
    if (staffId === null) return null;
    await tx.query(`UPDATE conversations SET state = 'assigned', assigned_staff_id = $2, assigned_at = now() WHERE id = $1`, [conversationId, staffId]);
    return { conversationId, staffId };
  });
}

async function announceAssignment(deps: DeskDeps, districtCode: string, conversationId: number, how: 'assigned' | 'transferred'): Promise<void> {
  await postMessage(deps, { conversationId, author: { type: 'system', id: 'desk' }, kind: 'event', body: how, payload: { event: how } });
  await publishEvent(deps, conversationTopic(conversationId), { type: 'state' });
  await publishEvent(deps, districtTopic(districtCode), { type: 'queue' });
}

/** Assigns waiting conversations of a district while agents have room; returns how many. */
export async function assignWaiting(deps: DeskDeps, districtCode: string): Promise<number> {
  let count = 0;
  for (;;) {
    const assigned = await assignOne(deps, districtCode);
    if (!assigned) return count;
    count++;
    deps.log.info({ conversationId: assigned.conversationId, staffId: assigned.staffId }, 'desk conversation assigned');
    await announceAssignment(deps, districtCode, assigned.conversationId, 'assigned');
  }
}

export async function setAgentStatus(
  deps: DeskDeps,
  agent: { staffId: number; districtCode: string },
  status: AgentAvailability,
  maxConcurrent?: number,
): Promise<void> {
  await deps.db.query(
    `INSERT INTO agent_status (staff_id, district_code, status, max_concurrent, updated_at)
     VALUES ($1, $2, $3, coalesce($4, 3), now())
     ON CONFLICT (staff_id) DO UPDATE SET district_code = $2, status = $3,
       max_concurrent = coalesce($4, agent_status.max_concurrent), updated_at = now()`,
    [agent.staffId, agent.districtCode, status, maxConcurrent ?? null],
  );
  await publishEvent(deps, districtTopic(agent.districtCode), { type: 'queue' });
  if (status === 'available') await assignWaiting(deps, agent.districtCode);
}

export async function getAgentStatus(q: Queryable, staffId: number): Promise<{ status: AgentAvailability; maxConcurrent: number }> {
  const { rows } = await q.query<{ status: AgentAvailability; max_concurrent: number }>(`SELECT status, max_concurrent FROM agent_status WHERE staff_id = $1`, [staffId]);
  return { status: rows[0]?.status ?? 'away', maxConcurrent: rows[0]?.max_concurrent ?? 3 };
}

const notWaiting = () =>
  new AppError('conversation_not_waiting', 409, conversationMessages.both('not_waiting'));

/** An agent takes a waiting conversation of their district themselves (regardless of their limit). */
export async function pickConversation(deps: DeskDeps, agent: { staffId: number; districtCode: string }, conversationId: number): Promise<void> {
  const { rowCount } = await deps.db.query(
    `UPDATE conversations SET state = 'assigned', assigned_staff_id = $3, assigned_at = now()
      WHERE id = $1 AND district_code = $2 AND state = 'waiting'`,
    [conversationId, agent.districtCode, agent.staffId],
  );
  if (rowCount === 0) throw notWaiting();
  await announceAssignment(deps, agent.districtCode, conversationId, 'assigned');
}

/** Hands an assigned conversation to another desk agent of the same district. */
export async function transferConversation(
  deps: DeskDeps,
  agent: { staffId: number; districtCode: string },
  conversationId: number,
  toStaffId: number,
): Promise<void> {
  const target = await deps.db.query(
    `SELECT 1 FROM staff_accounts WHERE id = $1 AND district_code = $2 AND disabled_at IS NULL AND role IN ('desk_agent', 'admin', 'tax_official')`,
    [toStaffId, agent.districtCode],
  );
  if (target.rowCount === 0) {
    throw new AppError('transfer_target_invalid', 400, conversationMessages.both('transfer_target_invalid'));
  }
  const { rowCount } = await deps.db.query(
    `UPDATE conversations SET assigned_staff_id = $3, state = 'assigned', assigned_at = coalesce(assigned_at, now())
      WHERE id = $1 AND district_code = $2 AND state <> 'closed'`,
    [conversationId, agent.districtCode, toStaffId],
  );
  if (rowCount === 0) throw notWaiting();
  await announceAssignment(deps, agent.districtCode, conversationId, 'transferred');
}

export interface QueueStanding {
  position: number;
  estimatedWaitSeconds: number;
}

/**
 * Place in the queue (1 = next) and an estimate: the median recent handling
 * time per conversation, times the conversations ahead, spread over the
 * agents on duty. With no history yet, five minutes per conversation.
 */
export async function queueStanding(q: Queryable, conversationId: number): Promise<QueueStanding | null> {
  const { rows } = await q.query<{ position: string; agents: string; handling: number | null }>(
    `WITH me AS (SELECT district_code, created_at, id FROM conversations WHERE id = $1 AND state = 'waiting')
     SELECT (SELECT count(*) FROM conversations c, me
              WHERE c.district_code = me.district_code AND c.state = 'waiting' AND (c.created_at, c.id) <= (me.created_at, me.id)) AS position,
            (SELECT count(*) FROM agent_status s, me WHERE s.district_code = me.district_code AND s.status = 'available') AS agents,
            (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM r.closed_at - r.assigned_at))
               FROM (SELECT c.closed_at, c.assigned_at FROM conversations c, me
                      WHERE c.district_code = me.district_code AND c.state = 'closed' AND c.assigned_at IS NOT NULL
                      ORDER BY c.closed_at DESC LIMIT 50) r) AS handling
       FROM me`,
    [conversationId],
  );
  const row = rows[0];
  if (!row) return null;
  const position = Number(row.position);
  const perConversation = row.handling === null ? 300 : Math.max(30, Number(row.handling));
  const agents = Math.max(1, Number(row.agents));
  return { position, estimatedWaitSeconds: Math.round((Math.ceil(position / agents) * perConversation) / 1) };
}

export type { QueueItem };

/** What an agent's console lists: the district's waiting queue and open conversations (never another district's). */
export async function districtQueue(q: Queryable, districtCode: string): Promise<QueueItem[]> {
  const { rows } = await q.query<{ id: number; source: string; locale: string; state: string; created_at: Date; assigned_staff_id: number | null; display_name: string | null; last_id: number | null; agent_read_id: number }>(
    `SELECT c.id::int AS id, c.source, c.locale, c.state, c.created_at, c.assigned_staff_id::int AS assigned_staff_id, a.display_name,
            (SELECT max(m.id)::int FROM desk_messages m WHERE m.conversation_id = c.id AND m.author_type = 'resident') AS last_id,
            c.agent_read_id::int AS agent_read_id
       FROM conversations c LEFT JOIN staff_accounts a ON a.id = c.assigned_staff_id
      WHERE c.district_code = $1 AND c.state <> 'closed'
      ORDER BY c.created_at, c.id LIMIT 500`,
    [districtCode],
  );
  return rows.map((r) => ({
    id: r.id,
    source: r.source,
    locale: r.locale,
    state: r.state,
    createdAt: new Date(r.created_at).toISOString(),
    assignedStaffId: r.assigned_staff_id,
    assignedName: r.display_name,
    lastMessageId: r.last_id ?? 0,
    agentReadId: r.agent_read_id,
  }));
}

export async function districtAgents(q: Queryable, districtCode: string): Promise<{ id: number; name: string; status: AgentAvailability }[]> {
  const { rows } = await q.query<{ id: number; display_name: string; status: AgentAvailability | null }>(
    `SELECT a.id::int AS id, a.display_name, s.status FROM staff_accounts a LEFT JOIN agent_status s ON s.staff_id = a.id
      WHERE a.district_code = $1 AND a.disabled_at IS NULL AND a.role IN ('desk_agent', 'admin', 'tax_official')
      ORDER BY a.display_name, a.id`,
    [districtCode],
  );
  return rows.map((r) => ({ id: r.id, name: r.display_name, status: r.status ?? 'away' }));
}
