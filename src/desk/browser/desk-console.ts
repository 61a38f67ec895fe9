// Agent console for the live desk (/console/desk): queue and conversations
// over /console/desk/socket, actions over /api/desk/* with the session's CSRF
// token (canned answers, applying a resident's contact-update form — its new
// contacts shown masked, confirmed by codes — attachments). User text is
// only ever set with textContent.
import type { AgentFrame, AgentServerFrame, MessageFrame, QueueFrame } from '../live-chat/live-chat.frames.ts';
import { backoffMs, byId, el, onFrames, socketUrl } from './dom.ts';

const TEXT = {
  ko: {
    available: '상담 가능', away: '자리 비움', nowAvailable: '지금 상담 가능 상태입니다.', nowAway: '지금 자리 비움 상태입니다.',
    becomeAvailable: '상담 가능으로 전환', becomeAway: '자리 비움으로 전환', pick: '맡기', open: '열기', conv: '대화', web: '웹', messenger: '메신저',
    waitingSince: '대기 시작', resident: '주민', agent: '상담원', system: '안내', note: '메모', typing: '주민이 입력 중입니다…', read: '주민이 읽었습니다.',
    assigned: '상담원이 연결되었습니다.', transferred: '다른 상담원에게 넘겼습니다.', closed: '대화가 종료되었습니다.', linked: '연결된 납세자', noTarget: '넘길 상담원이 없습니다.',
    reconnecting: '연결이 끊겼습니다. 다시 연결하는 중…', unread: '새 메시지', state: { waiting: '대기 중', assigned: '상담 중', closed: '종료' } as Record<string, string>,
    contact_updated: '연락처 변경 요청을 반영했습니다.',
    fName: '이름', fBirth: '생년월일', fMobile: '새 휴대전화', fEmail: '새 이메일', fChannels: '받을 채널', ch: { kakao: '카카오톡', sms: '문자', email: '이메일' } as Record<string, string>,
    applyNo: '납세자번호 (같은 이름·생년월일이 여럿일 때만)', apply: '적용하기: 연락처 변경', applying: '반영하는 중…',
    applied: '납세자 #{id}에 반영했습니다. 바뀐 항목: {fields}.', appliedNone: '납세자 #{id}에 반영했습니다. 바뀐 항목이 없습니다.', resent: '전달되지 않은 고지 {n}건을 다시 보냅니다.', alreadyApplied: '이 요청은 반영되었습니다.',
    field: { mobile: '휴대전화', email: '이메일', enrol_kakao: '카카오톡 수신', enrol_sms: '문자 수신', enrol_email: '이메일 수신' } as Record<string, string>,
    attachment: '첨부파일', download: '내려받기', kb: 'KB', mb: 'MB',
    confirmed: '새 연락처는 주민이 인증번호로 확인했습니다.',
    legacy: '인증번호 확인 전에 보낸 요청이라 반영할 수 없습니다. 주민에게 양식을 다시 보내 달라고 하세요.',
  },
  en: {
    available: 'Available', away: 'Away', nowAvailable: 'You are available.', nowAway: 'You are away.',
    becomeAvailable: 'Become available', becomeAway: 'Go away', pick: 'Take', open: 'Open', conv: 'Conversation', web: 'web', messenger: 'messenger',
    waitingSince: 'waiting since', resident: 'Resident', agent: 'Agent', system: 'Notice', note: 'Note', typing: 'The resident is typing…', read: 'The resident has read your messages.',
    assigned: 'An agent has joined.', transferred: 'Transferred to another agent.', closed: 'The conversation has ended.', linked: 'Linked taxpayer', noTarget: 'No other agent to transfer to.',
    reconnecting: 'Connection lost. Reconnecting…', unread: 'new', state: { waiting: 'waiting', assigned: 'in progress', closed: 'closed' } as Record<string, string>,
    contact_updated: 'The contact update request has been applied.',
    fName: 'Name', fBirth: 'Date of birth', fMobile: 'New mobile', fEmail: 'New e-mail', fChannels: 'Channels', ch: { kakao: 'KakaoTalk', sms: 'Text message', email: 'E-mail' } as Record<string, string>,
    applyNo: 'Taxpayer number (only when several share the name and date of birth)', apply: 'Apply contact update', applying: 'Applying…',
    applied: 'Applied to taxpayer #{id}. Changed: {fields}.', appliedNone: 'Applied to taxpayer #{id}. Nothing needed changing.', resent: '{n} undelivered notices are being sent again.', alreadyApplied: 'This request has been applied.',
    field: { mobile: 'mobile', email: 'e-mail', enrol_kakao: 'KakaoTalk enrolment', enrol_sms: 'text message enrolment', enrol_email: 'e-mail enrolment' } as Record<string, string>,
    attachment: 'Attachment', download: 'Download', kb: 'KB', mb: 'MB',
    confirmed: 'The resident confirmed the new contacts with the codes sent to them.',
    legacy: 'Sent before new contacts had to be confirmed with a code: it cannot be applied. Ask the resident to send the form again.',
  },
};
type Text = (typeof TEXT)['ko'];

/** A resident's contact-update form as the agent sees it (new contacts masked). */
interface ContactFormPayload {
  form: 'contact_update';
  name?: string;
  birthDate?: string;
  mobile?: string;
  email?: string;
  channels?: string[];
  /** Sent before new contacts had to be confirmed by code: shown, never applied. */
  legacy?: boolean;
  confirmed?: boolean;
}
interface AttachmentPayload {
  attachmentId: string;
  fileName: string;
  contentType: string;
  sizeBytes: number;
}
interface CannedAnswer {
  id: number;
  title: string;
  bodyKo: string;
  bodyEn: string;
}
/** A problem+json answer. */
interface Problem {
  code?: string;
  title?: string;
  detail?: string;
}
interface Applied {
  taxpayerId: number;
  changedFields: string[];
  resentMessageIds: number[];
}

const isContactForm = (m: MessageFrame): m is MessageFrame & { payload: ContactFormPayload } =>
  m.kind === 'form' && (m.payload as Partial<ContactFormPayload> | undefined)?.form === 'contact_update';
const isAttachment = (m: MessageFrame): m is MessageFrame & { payload: AttachmentPayload } =>
  m.kind === 'attachment' && !!(m.payload as Partial<AttachmentPayload> | undefined)?.attachmentId;

function start(root: HTMLElement): void {
  const lang = root.dataset.locale === 'en' ? 'en' : 'ko';
  const T: Text = TEXT[lang];
  const csrf = root.dataset.csrf ?? '';
  const me = Number(root.dataset.staffId);

  async function api<R>(method: 'GET' | 'POST' | 'PUT', path: string, body?: unknown): Promise<R> {
    const response = await fetch(path, {
      method,
      headers: { 'content-type': 'application/json', 'x-csrf-token': csrf, accept: 'application/json' },
      body: method === 'GET' ? undefined : JSON.stringify(body === undefined ? {} : body),
    });
    const json: unknown = await response.json();
    if (!response.ok) throw json;
    return json as R;
  }
  const problemText = (problem: unknown) => {
    const p = problem as Problem | null;
    return (p && (p.detail || p.title)) || String(problem);
  };
  const showError = (problem: unknown) => {
    byId('desk-error').textContent = problemText(problem);
  };
  const fill = (text: string, vars: Record<string, string | number>) => text.replace(/\{(\w+)\}/g, (all, k: string) => (k in vars ? String(vars[k]) : all));

  let socket: WebSocket | null = null;
  let retry = 0;
  let queue: QueueFrame | null = null;
  let current: { id: number; locale: string | null } | null = null;
  let lastId = 0;
  let seen = new Set<number>();
  let status = 'away';
  let canned: CannedAnswer[] = [];

  function renderQueue(): void {
    if (!queue) return;
    status = queue.me.status;
    const avail = status === 'available';
    byId('desk-status-text').textContent = avail ? T.nowAvailable : T.nowAway;
    const btn = byId('desk-availability');
    btn.setAttribute('aria-pressed', String(avail));
    btn.textContent = avail ? T.becomeAway : T.becomeAvailable;
    const waiting = byId('desk-waiting');
    const mine = byId('desk-mine');
    waiting.textContent = '';
    mine.textContent = '';
    for (const c of queue.items) {
      const source = c.source === 'web' || c.source === 'messenger' ? T[c.source] : c.source;
      const label = `${T.conv} ${c.id} · ${source} · ${c.locale.toUpperCase()}`;
      if (c.state === 'waiting') {
        const li = el('li');
        li.append(el('span', {}, label));
        const b = el('button', { type: 'button', class: 'button button-small', 'data-pick': String(c.id) }, T.pick);
        b.setAttribute('aria-label', `${T.pick}: ${label}`);
        li.append(b);
        waiting.append(li);
      } else if (c.assignedStaffId === me) {
        const li = el('li');
        const unread = c.lastMessageId > c.agentReadId && (!current || current.id !== c.id);
        li.append(el('span', {}, label + (unread ? ` (${T.unread})` : '')));
        const o = el('button', { type: 'button', class: 'button button-secondary button-small', 'data-open': String(c.id) }, T.open);
        o.setAttribute('aria-label', `${T.open}: ${label}`);
        li.append(o);
        mine.append(li);
      }
    }
    byId('desk-waiting-empty').hidden = waiting.children.length > 0;
    byId('desk-mine-empty').hidden = mine.children.length > 0;
    const select = byId<HTMLSelectElement>('desk-transfer-to');
    select.textContent = '';
    for (const a of queue.agents) {
      if (a.id !== me) select.append(el('option', { value: String(a.id) }, `${a.name} (${T[a.status]})`));
    }
  }

  // A resident's contact-update form: what they asked for, and one action
  // that applies it through the official path (POST …/apply).
  function formMessage(m: MessageFrame & { payload: ContactFormPayload }, who: string): HTMLElement {
    const f = m.payload;
    const box = el('div', { class: 'desk-form', id: `desk-form-${m.id}`, 'data-id': String(m.id) });
    const head = el('p');
    head.append(el('span', { class: 'desk-who' }, `${who}: `), el('span', { class: 'desk-body' }, m.body));
    const dl = el('dl', { class: 'desk-form-fields' });
    const rows: [string, string | undefined][] = [
      [T.fName, f.name],
      [T.fBirth, f.birthDate],
      [T.fMobile, f.mobile],
      [T.fEmail, f.email],
      [T.fChannels, (f.channels ?? []).map((c) => T.ch[c] ?? c).join(', ')],
    ];
    for (const [term, value] of rows) if (value) dl.append(el('dt', {}, term), el('dd', {}, value));
    // Forms sent before codes were required are shown (masked) but cannot be applied.
    if (f.legacy) {
      box.append(head, dl, el('p', { class: 'desk-form-legacy', id: `desk-form-legacy-${m.id}` }, T.legacy));
      return box;
    }
    const noId = `desk-apply-no-${m.id}`;
    const form = el('form', { class: 'desk-apply', novalidate: '' });
    const field = el('div', { class: 'field' });
    field.append(el('label', { class: 'label', for: noId }, T.applyNo), el('input', { class: 'input', id: noId, name: 'taxpayerNo', autocomplete: 'off' }));
    const button = el('button', { type: 'submit', class: 'button', id: `desk-apply-${m.id}` }, T.apply);
    const result = el('p', { class: 'desk-apply-result', role: 'status', id: `desk-apply-result-${m.id}`, tabindex: '-1' });
    const problem = el('p', { class: 'error-message', role: 'alert', id: `desk-apply-error-${m.id}` });
    form.append(field, button);
    box.append(head, dl);
    if (f.confirmed) box.append(el('p', { class: 'desk-form-confirmed' }, T.confirmed));
    box.append(form, result, problem);
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      if (!current || button.disabled) return;
      const no = byId<HTMLInputElement>(noId).value.trim();
      problem.textContent = '';
      result.textContent = T.applying;
      button.disabled = true;
      api<Applied>('POST', `/api/desk/conversations/${current.id}/contact-requests/${m.id}/apply`, no ? { taxpayerNo: no } : {})
        .then((r) => {
          const fields = r.changedFields.map((c) => T.field[c] ?? c).join(', ');
          result.textContent =
            fill(fields ? T.applied : T.appliedNone, { id: r.taxpayerId, fields }) +
            (r.resentMessageIds.length ? ` ${fill(T.resent, { n: r.resentMessageIds.length })}` : '');
          markApplied(box);
          result.focus();
        })
        .catch((p: unknown) => {
          result.textContent = '';
          problem.textContent = problemText(p);
          if ((p as Problem | null)?.code === 'form_already_applied') markApplied(box);
          else button.disabled = false;
        });
    });
    return box;
  }
  function markApplied(box: HTMLElement | null): void {
    if (!box) return;
    const form = box.querySelector('form');
    if (form) form.hidden = true;
    const result = box.querySelector('.desk-apply-result');
    if (result && !result.textContent) result.textContent = T.alreadyApplied;
  }

  const sizeText = (bytes: number) =>
    bytes >= 1048576 ? `${Math.round(bytes / 104857.6) / 10} ${T.mb}` : `${Math.max(1, Math.round(bytes / 1024))} ${T.kb}`;
  const typeText = (contentType: string) => (contentType === 'application/pdf' ? 'PDF' : String(contentType).replace('image/', '').toUpperCase());

  function attachmentMessage(m: MessageFrame & { payload: AttachmentPayload }, cls: string, who: string): HTMLElement {
    const a = m.payload;
    const p = el('p', { class: `${cls} desk-attachment`, 'data-id': String(m.id) });
    // No download attribute: the answer's content-disposition saves the file, and a file the retention
    // purge removed opens as a page that says so (a download link would only fail without a word).
    const link = el('a', { href: `/api/desk/attachments/${encodeURIComponent(a.attachmentId)}` }, a.fileName);
    p.append(
      el('span', { class: 'desk-who' }, `${who}: `),
      el('span', { class: 'desk-body' }, `${T.attachment} `),
      link,
      el('span', { class: 'desk-file-meta' }, ` (${typeText(a.contentType)}, ${sizeText(a.sizeBytes)})`),
    );
    if (m.body && m.body !== a.fileName) p.append(el('span', { class: 'desk-caption' }, ` ${m.body}`));
    return p;
  }

  function eventText(body: string): string {
    return body === 'assigned' || body === 'transferred' || body === 'closed' || body === 'contact_updated' ? T[body] : body;
  }

  function messageNode(m: MessageFrame): HTMLElement {
    const cls = m.kind === 'note' ? 'desk-note' : `desk-${m.authorType}`;
    const who = m.kind === 'note' ? T.note : m.authorType === 'resident' ? T.resident : m.authorType === 'agent' ? T.agent : T.system;
    if (isContactForm(m)) return formMessage(m, who);
    if (isAttachment(m)) return attachmentMessage(m, cls, who);
    const p = el('p', { class: cls, 'data-id': String(m.id) });
    const text = m.kind === 'event' ? eventText(m.body) : m.body;
    p.append(el('span', { class: 'desk-who' }, `${who}: `), el('span', { class: 'desk-body' }, text));
    return p;
  }

  function addMessage(m: MessageFrame): void {
    if (!current || m.conversationId !== current.id || seen.has(m.id)) return;
    seen.add(m.id);
    lastId = Math.max(lastId, m.id);
    const messages = byId('desk-messages');
    messages.append(messageNode(m));
    const event = m.payload as { event?: string; formMessageId?: number } | undefined;
    if (m.kind === 'event' && event?.event === 'contact_updated') markApplied(document.getElementById(`desk-form-${event.formMessageId}`));
    messages.scrollTop = 1e9;
    if (m.authorType === 'resident') byId('desk-typing').textContent = '';
    send({ type: 'read', conversationId: current.id, upTo: lastId });
  }

  // Canned answers of the district; a role that may not read them has no picker.
  function loadCanned(): void {
    if (root.dataset.canned !== 'read') return;
    api<{ answers: CannedAnswer[] }>('GET', '/api/desk/canned-answers')
      .then((r) => {
        canned = r.answers;
        const select = byId<HTMLSelectElement>('desk-canned-select');
        const chosen = select.value;
        select.textContent = '';
        for (const a of canned) select.append(el('option', { value: String(a.id) }, a.title));
        if (chosen) select.value = chosen;
        byId('desk-canned').hidden = canned.length === 0;
        byId('desk-canned-none').hidden = canned.length > 0;
      })
      .catch(() => {
        byId('desk-canned').hidden = true;
      });
  }

  function insertCanned(): void {
    const id = byId<HTMLSelectElement>('desk-canned-select').value;
    const answer = canned.find((a) => String(a.id) === id);
    if (!answer) return;
    const locale = current?.locale ?? lang;
    const text = locale === 'en' ? answer.bodyEn : answer.bodyKo;
    const box = byId<HTMLTextAreaElement>('desk-body');
    const start = box.selectionStart;
    const end = box.selectionEnd;
    box.value = box.value.slice(0, start) + text + box.value.slice(end);
    box.focus();
    box.setSelectionRange(start + text.length, start + text.length);
  }

  function openConversation(id: number): void {
    if (current && socket && socket.readyState === WebSocket.OPEN) send({ type: 'unwatch', conversationId: current.id });
    const item = queue?.items.find((c) => c.id === id);
    current = { id, locale: item ? item.locale : null };
    lastId = 0;
    seen = new Set();
    for (const cleared of ['desk-messages', 'desk-typing', 'desk-read', 'desk-error', 'desk-linked']) byId(cleared).textContent = '';
    byId('desk-conversation').hidden = false;
    byId('desk-conversation-heading').textContent = `${T.conv} ${id}`;
    send({ type: 'watch', conversationId: id, after: 0 });
    loadCanned();
    byId('desk-conversation-heading').focus();
  }

  function send(frame: AgentFrame): void {
    if (socket && socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(frame));
  }

  function receive(f: AgentServerFrame): void {
    if (f.type === 'queue') {
      queue = f;
      renderQueue();
    } else if (f.type === 'message') addMessage(f);
    else if (f.type === 'watching' && current && f.conversationId === current.id) {
      byId('desk-conversation-meta').textContent = (T.state[f.state] ?? f.state) + (f.taxpayerId ? ` · ${T.linked} #${f.taxpayerId}` : '');
    } else if (f.type === 'typing' && current && f.conversationId === current.id) byId('desk-typing').textContent = T.typing;
    else if (f.type === 'read' && current && f.conversationId === current.id) byId('desk-read').textContent = f.upTo >= lastId ? T.read : '';
    else if (f.type === 'error') byId('desk-error').textContent = f.message[lang];
  }

  function connect(): void {
    const ws = new WebSocket(socketUrl('/console/desk/socket'));
    socket = ws;
    ws.onopen = () => {
      retry = 0;
      if (current) send({ type: 'watch', conversationId: current.id, after: lastId });
    };
    onFrames<AgentServerFrame>(ws, receive);
    ws.onclose = () => {
      socket = null;
      byId('desk-status-text').textContent = T.reconnecting;
      retry = Math.min(retry + 1, 5);
      window.setTimeout(connect, backoffMs(retry));
    };
  }

  byId('desk-canned-insert').addEventListener('click', insertCanned);
  byId('desk-availability').addEventListener('click', () => {
    api('PUT', '/api/desk/status', { status: status === 'available' ? 'away' : 'available' }).catch(showError);
  });
  root.addEventListener('click', (e) => {
    const t = e.target;
    if (!(t instanceof HTMLElement)) return;
    const pick = t.getAttribute('data-pick');
    const open = t.getAttribute('data-open');
    if (pick) {
      api('POST', `/api/desk/conversations/${pick}/pick`)
        .then(() => openConversation(Number(pick)))
        .catch(showError);
    }
    if (open) openConversation(Number(open));
  });
  const body = byId<HTMLTextAreaElement>('desk-body');
  const note = byId<HTMLInputElement>('desk-note');
  byId('desk-compose').addEventListener('submit', (e) => {
    e.preventDefault();
    const text = body.value.trim();
    if (!current || !text) return;
    send({ type: 'send', conversationId: current.id, body: text, note: note.checked });
    body.value = '';
    body.focus();
  });
  let lastTyping = 0;
  body.addEventListener('input', () => {
    if (current && !note.checked && Date.now() - lastTyping > 3000) {
      lastTyping = Date.now();
      send({ type: 'typing', conversationId: current.id });
    }
  });
  byId('desk-link').addEventListener('submit', (e) => {
    e.preventDefault();
    if (!current) return;
    const value = (id: string) => byId<HTMLInputElement>(id).value.trim();
    const no = value('desk-link-no');
    const linkBody = no ? { taxpayerNo: no } : { name: value('desk-link-name'), birthDate: value('desk-link-dob') };
    api<{ taxpayer: { id: number; name: string; taxpayerNo: string } }>('POST', `/api/desk/conversations/${current.id}/taxpayer`, linkBody)
      .then((r) => {
        byId('desk-linked').textContent = `${T.linked}: ${r.taxpayer.name} (${r.taxpayer.taxpayerNo})`;
        byId('desk-conversation-meta').textContent = `${T.linked} #${r.taxpayer.id}`;
      })
      .catch(showError);
  });
  byId('desk-transfer').addEventListener('submit', (e) => {
    e.preventDefault();
    const to = Number(byId<HTMLSelectElement>('desk-transfer-to').value);
    if (!current) return;
    if (!to) {
      byId('desk-error').textContent = T.noTarget;
      return;
    }
    api('POST', `/api/desk/conversations/${current.id}/transfer`, { toStaffId: to }).catch(showError);
  });
  byId('desk-close').addEventListener('click', () => {
    if (current) api('POST', `/api/desk/conversations/${current.id}/close`).catch(showError);
  });
  connect();
}

const root = document.getElementById('desk-console');
if (root) start(root);
