// Live chat widget on resident pages. Without script the server-rendered link
// to /r/desk stays; with it, a button opens a dialog that talks to
// /r/desk/socket. User text is only ever set with textContent. The
// contact-update form has a code step: a code goes to each new contact and
// the request reaches the agent once the resident types them here.
//
// One story: a district whose desk is closed now offers the offline form
// instead of a chat (no queue place beside "closed"); an agent joining is
// said once, in the conversation; after the close the resident is asked how
// satisfied they are and offered the transcript by e-mail.
import type { DeskConfig, MessageFrame, ResidentFrame, ResidentServerFrame } from '../live-chat/live-chat.frames.ts';
import { backoffMs, byId, el, onFrames, socketUrl } from './dom.ts';
import { WIDGET_TEXT } from './desk-widget.text.ts';

const MAX_FILE_BYTES = 5 * 1024 * 1024;
const STORE = 'taxstation.desk';

/** A field of the contact-update form, as the server names it. */
type FormField = 'name' | 'birthDate' | 'mobile' | 'email' | 'channels';
interface FieldProblem {
  field: string | null;
  message: string;
}
/** What POST /r/desk/contact-form (and …/confirm, …/resend) answer. */
interface FormAnswer {
  /** Null while codes sent to the new contacts are awaited. */
  messageId: number | null;
  formId?: number;
  awaiting?: { field: string; to: string }[];
}
/** A problem+json answer: a sentence, and per field what is wrong. */
interface Problem {
  detail?: string;
  errors?: { field?: string; reason: string }[];
}
interface Posted<T> {
  ok: boolean;
  status: number;
  json: Partial<T> & Problem;
}
/** What the system's notices carry: a page of this site to go to. */
interface NoticePayload {
  auto?: string;
  offlineForm?: unknown;
  link?: unknown;
}
interface AttachmentPayload {
  fileName?: unknown;
  sizeBytes?: number;
}

function start(root: HTMLElement): void {
  const lang = document.documentElement.lang === 'en' ? 'en' : 'ko';
  const T = WIDGET_TEXT[lang];

  const withLang = (path: string) => `${path}${path.indexOf('?') < 0 ? '?' : '&'}lang=${lang}`;
  // Links the desk posts are paths of this site; anything else stays text.
  const sitePath = (value: unknown) => (typeof value === 'string' && /^\/[a-z]/.test(value) ? value : null);
  const reference = (messageId: number | string) => `D-${messageId}`;

  const launcher = el('button', { type: 'button', id: 'desk-launcher', class: 'desk-launcher', 'aria-haspopup': 'dialog', 'aria-controls': 'desk-dialog' }, T.open);
  const dialog = el('dialog', { id: 'desk-dialog', class: 'desk-dialog', 'aria-labelledby': 'desk-dialog-title' });
  const head = el('div', { class: 'desk-head' });
  const title = el('h2', { id: 'desk-dialog-title', class: 'desk-title' }, T.title);
  const closeBtn = el('button', { type: 'button', class: 'desk-x', 'aria-label': T.close }, '×');
  head.append(title, closeBtn);
  const status = el('p', { class: 'desk-status', role: 'status', 'aria-live': 'polite', id: 'desk-status' });
  const startForm = el('form', { class: 'desk-start', novalidate: '' });
  const fieldset = el('fieldset');
  fieldset.append(el('legend', {}, T.district));
  const startBtn = el('button', { type: 'submit', class: 'button', id: 'desk-start' }, T.start);
  startForm.append(fieldset, startBtn);
  // Out of hours: the district's own words and the offline form, in place of the start button or the queue place.
  const closedBox = el('div', { class: 'desk-closed', id: 'desk-closed', 'aria-live': 'polite' });
  const log = el('div', { class: 'desk-log', role: 'log', 'aria-live': 'polite', 'aria-label': T.title, id: 'desk-log' });
  const typing = el('p', { class: 'desk-typing', id: 'desk-typing' });
  const readMark = el('p', { class: 'desk-read', id: 'desk-read' });
  const error = el('p', { class: 'desk-error', role: 'alert', id: 'desk-error' });
  const notice = el('p', { class: 'desk-notice', role: 'status', id: 'desk-notice' });
  const compose = el('form', { class: 'desk-compose', novalidate: '' });
  const label = el('label', { for: 'desk-input', class: 'label' }, T.message);
  const input = el('textarea', { id: 'desk-input', name: 'body', rows: '2', maxlength: '2000' });
  const sendBtn = el('button', { type: 'submit', class: 'button' }, T.send);
  const endBtn = el('button', { type: 'button', class: 'button button-secondary desk-end' }, T.end);
  compose.append(label, input, sendBtn, endBtn);

  const tools = el('div', { class: 'desk-tools', role: 'group', 'aria-label': T.tools, id: 'desk-tools' });
  const formOpenBtn = el('button', { type: 'button', class: 'button button-secondary', id: 'desk-form-open' }, T.formOpen);
  const fileWrap = el('div', { class: 'desk-file' });
  const fileInput = el('input', {
    type: 'file',
    id: 'desk-file',
    name: 'file',
    accept: 'image/png,image/jpeg,image/gif,image/webp,application/pdf,.pdf',
    'aria-describedby': 'desk-file-hint',
  });
  fileWrap.append(el('label', { for: 'desk-file', class: 'label' }, T.file), el('p', { class: 'desk-hint', id: 'desk-file-hint' }, T.fileHint), fileInput);
  tools.append(formOpenBtn, fileWrap);

  const newBtn = el('button', { type: 'button', class: 'button desk-new', id: 'desk-new' }, T.newChat);
  const contact = buildContactForm();
  const after = buildAfterClose();
  dialog.append(head, status, startForm, closedBox, log, typing, readMark, error, notice, compose, tools, contact.section, after.section, newBtn);
  root.textContent = '';
  root.append(launcher, dialog);

  let socket: WebSocket | null = null;
  let session: { token: string } | null = null;
  let lastId = 0;
  let state: string | null = null;
  let retry = 0;
  let unread = 0;
  let seen = new Set<number>();
  let formOpen = false;
  let pendingStart: ResidentFrame | null = null;
  /** The districts as /r/desk/config last said, each open now or not. */
  let districts: DeskConfig['districts'] = [];
  /** The conversation waits while the desk is closed. */
  let deskClosed = false;
  try {
    const stored = JSON.parse(localStorage.getItem(STORE) ?? 'null') as { token?: unknown } | null;
    session = typeof stored?.token === 'string' ? { token: stored.token } : null;
  } catch {
    session = null;
  }

  function save(): void {
    try {
      if (session) localStorage.setItem(STORE, JSON.stringify({ token: session.token, after: lastId }));
      else localStorage.removeItem(STORE);
    } catch {
      /* private mode */
    }
  }

  function send(frame: ResidentFrame): boolean {
    if (!socket || socket.readyState !== WebSocket.OPEN) return false;
    socket.send(JSON.stringify(frame));
    return true;
  }

  const offlineHref = (district: string | null) => withLang(`/r/desk/offline${district ? `?district=${encodeURIComponent(district)}` : ''}`);
  const chosenDistrict = () => fieldset.querySelector<HTMLInputElement>('input:checked')?.value ?? null;

  /** Fills the closed box: the district's out-of-hours words (before a chat) or none (in one), and the offline form's link. */
  function showClosed(text: string | null, district: string | null): void {
    closedBox.textContent = '';
    if (text) closedBox.append(el('p', { class: 'desk-closed-text', id: 'desk-closed-text' }, text));
    closedBox.append(el('a', { href: offlineHref(district), class: 'button desk-offline', id: 'desk-offline' }, T.offlineLink));
  }

  function view(): void {
    const inChat = !!session;
    const open = inChat && state !== 'closed';
    const ended = inChat && state === 'closed';
    startForm.hidden = inChat;
    log.hidden = !inChat;
    compose.hidden = !open || formOpen;
    tools.hidden = !open || formOpen;
    contact.section.hidden = !open || !formOpen;
    after.section.hidden = !ended;
    newBtn.hidden = !ended;
    // Before a chat: the chosen district's desk, open (start) or closed (its words and the offline form).
    const chosen = inChat ? null : districts.find((d) => d.code === chosenDistrict());
    const closedBefore = !!chosen && !chosen.open;
    startBtn.hidden = closedBefore;
    if (closedBefore) showClosed(chosen.outOfHours[lang], chosen.code);
    else if (open && state === 'waiting' && deskClosed) showClosed(null, null);
    else closedBox.textContent = '';
    launcher.textContent = unread > 0 && !dialog.open ? `${T.open} (${unread} ${T.unread})` : T.open;
  }

  function messageText(m: MessageFrame): string {
    if (m.kind === 'event') {
      if (m.body === 'assigned') return T.assigned;
      if (m.body === 'transferred') return T.transferred;
      if (m.body === 'closed') return T.closed;
      if (m.body === 'contact_updated') return T.contactUpdated;
      return m.body;
    }
    if (m.kind === 'form') return T.formSent(reference(m.id));
    const file = m.payload as AttachmentPayload | undefined;
    if (m.kind === 'attachment' && file && typeof file.fileName === 'string') {
      return `${T.attachment}: ${file.fileName} (${Math.max(1, Math.round((file.sizeBytes || 0) / 1024))} KB)`;
    }
    return m.body;
  }

  /** The link a desk notice carries: the offline form out of hours, the refund application. */
  function noticeLink(m: MessageFrame): { href: string; text: string } | null {
    const p = m.payload as NoticePayload | undefined;
    if (m.authorType !== 'system' || !p) return null;
    const offlineForm = sitePath(p.offlineForm);
    if (p.auto === 'out_of_hours' && offlineForm) return { href: withLang(offlineForm), text: T.offlineLink };
    const link = sitePath(p.link);
    if (p.auto === 'refund_link' && link) return { href: withLang(link), text: T.refundLink };
    return null;
  }

  function addMessage(m: MessageFrame): void {
    if (seen.has(m.id)) return;
    seen.add(m.id);
    lastId = Math.max(lastId, m.id);
    const line = el('p', { class: `desk-msg desk-${m.authorType} desk-kind-${m.kind}`, 'data-id': String(m.id) });
    const who = m.kind === 'event' ? T.system : m.authorType === 'resident' ? T.you : m.authorType === 'agent' ? T.agent : T.system;
    line.append(el('span', { class: 'desk-who' }, `${who}: `), el('span', { class: 'desk-body' }, messageText(m)));
    const link = noticeLink(m);
    if (link) line.append(document.createElement('br'), el('a', { href: link.href, class: 'desk-link' }, link.text));
    log.append(line);
    if (m.authorType === 'agent') typing.textContent = '';
    if (m.authorType !== 'resident' && !dialog.open) unread++;
    save();
    if (dialog.open) send({ type: 'read', upTo: lastId });
  }

  function receive(f: ResidentServerFrame): void {
    if (f.type === 'session') {
      const fresh = !session;
      session = { token: f.resumeToken };
      save();
      view();
      if (fresh && dialog.open) input.focus();
    } else if (f.type === 'message') addMessage(f);
    else if (f.type === 'state') {
      state = f.state;
      deskClosed = f.deskClosed === true;
      // The status says only what the conversation does not: the queue place, or that nobody answers now.
      // An agent joining and the end are each said once, in the conversation itself.
      if (f.state === 'waiting' && f.queue) status.textContent = T.waiting(f.queue.position, Math.max(1, Math.round(f.queue.estimatedWaitSeconds / 60)));
      else if (f.state === 'waiting' && deskClosed) status.textContent = T.closedWaiting;
      else status.textContent = '';
      if (state === 'closed') formOpen = false;
      view();
      // Focus was in the message box, now gone: take it to what comes after the close.
      if (state === 'closed' && dialog.open && !after.section.contains(document.activeElement) && document.activeElement !== newBtn) after.title.focus();
    } else if (f.type === 'typing') typing.textContent = T.typing;
    else if (f.type === 'read') readMark.textContent = f.upTo >= lastId ? T.read : '';
    else if (f.type === 'error') {
      error.textContent = f.message[lang];
      if (f.code === 'resume_unknown') {
        session = null;
        lastId = 0;
        save();
        view();
      }
    }
  }

  function connect(first: boolean): void {
    if (socket) return;
    status.textContent = first ? T.connecting : T.reconnecting;
    const ws = new WebSocket(socketUrl('/r/desk/socket'));
    socket = ws;
    ws.onopen = () => {
      retry = 0;
      if (session) send({ type: 'resume', resume: session.token, after: lastId });
      else if (pendingStart) {
        send(pendingStart);
        pendingStart = null;
      }
    };
    onFrames<ResidentServerFrame>(ws, receive);
    ws.onclose = () => {
      socket = null;
      if (!session) return;
      status.textContent = T.reconnecting;
      retry = Math.min(retry + 1, 5);
      window.setTimeout(() => connect(false), backoffMs(retry));
    };
  }

  window.addEventListener('online', () => {
    if (session && !socket) connect(false);
  });

  function focusStart(): void {
    const first = fieldset.querySelector<HTMLInputElement>('input:checked') ?? fieldset.querySelector<HTMLInputElement>('input');
    (first ?? startBtn).focus();
  }

  /** Reads the districts and whether each desk is open now (again at each opening: the hours move on). */
  function loadDistricts(): Promise<void> {
    return fetch('/r/desk/config')
      .then((r) => r.json() as Promise<DeskConfig>)
      .then((cfg) => {
        districts = cfg.districts;
        if (!fieldset.querySelector('input')) {
          // a page of one district's (the station's desk zone: /r/desk?district=…) names it; else the first
          const named = new URLSearchParams(location.search).get('district');
          const preferred = cfg.districts.some((d) => d.code === named) ? named : cfg.districts[0]?.code;
          cfg.districts.forEach((d) => {
            const id = `desk-district-${d.code}`;
            const wrap = el('div', { class: 'desk-radio' });
            const radio = el('input', { type: 'radio', name: 'district', id, value: d.code });
            if (d.code === preferred) radio.checked = true;
            wrap.append(radio, el('label', { for: id }, d.name[lang]));
            fieldset.append(wrap);
          });
          if (dialog.open && !session) focusStart();
        }
        view();
      })
      .catch(() => {
        error.textContent = T.loadError;
      });
  }

  function open(): void {
    if (typeof dialog.showModal === 'function') dialog.showModal();
    else dialog.setAttribute('open', '');
    unread = 0;
    view();
    if (session) {
      connect(true);
      input.focus();
      if (lastId) send({ type: 'read', upTo: lastId });
    } else {
      focusStart();
      void loadDistricts();
    }
  }
  launcher.addEventListener('click', open);
  closeBtn.addEventListener('click', () => dialog.close());
  dialog.addEventListener('close', () => {
    view();
    launcher.focus();
  });

  fieldset.addEventListener('change', () => view());
  startForm.addEventListener('submit', (e) => {
    e.preventDefault();
    const chosen = fieldset.querySelector<HTMLInputElement>('input:checked');
    // a closed desk offers the offline form, not a chat
    if (!chosen || districts.find((d) => d.code === chosen.value)?.open === false) return;
    error.textContent = '';
    const frame: ResidentFrame = { type: 'start', district: chosen.value, locale: lang };
    if (!send(frame)) {
      pendingStart = frame;
      connect(true);
    }
  });
  compose.addEventListener('submit', (e) => {
    e.preventDefault();
    const body = input.value.trim();
    if (!body) {
      error.textContent = T.empty;
      return;
    }
    if (!socket || socket.readyState !== WebSocket.OPEN) {
      error.textContent = T.reconnecting;
      return;
    }
    error.textContent = '';
    send({ type: 'send', body });
    input.value = '';
    input.focus();
  });
  let lastTyping = 0;
  input.addEventListener('input', () => {
    const now = Date.now();
    if (now - lastTyping > 3000 && send({ type: 'typing' })) lastTyping = now;
  });
  input.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      compose.requestSubmit();
    }
  });
  endBtn.addEventListener('click', () => send({ type: 'close' }));
  newBtn.addEventListener('click', () => {
    session = null;
    lastId = 0;
    state = null;
    deskClosed = false;
    after.reset();
    seen = new Set();
    log.textContent = '';
    status.textContent = '';
    readMark.textContent = '';
    notice.textContent = '';
    save();
    if (socket) {
      const s = socket;
      socket = null;
      s.onclose = null;
      s.close();
    }
    view();
    focusStart();
    void loadDistricts();
  });

  // ---------------------------------------------------------------- attachments
  // Sent over HTTP (not the socket): the server checks size while it reads
  // and the type from the bytes; a refusal comes back as problem+json.
  fileInput.addEventListener('change', () => {
    const file = fileInput.files?.[0];
    if (!file || !session) return;
    error.textContent = '';
    notice.textContent = '';
    if (file.size > MAX_FILE_BYTES) {
      error.textContent = T.tooLarge;
      fileInput.value = '';
      return;
    }
    const body = new FormData();
    body.append('file', file, file.name);
    notice.textContent = T.uploading(file.name);
    fetch(withLang('/r/desk/attachments'), { method: 'POST', headers: { accept: 'application/json', 'x-desk-resume': session.token }, body })
      .then((r) =>
        r
          .json()
          .catch(() => ({}))
          .then((json: Problem) => ({ ok: r.ok, json })),
      )
      .then((answer) => {
        if (answer.ok) notice.textContent = T.uploaded(file.name);
        else {
          notice.textContent = '';
          error.textContent = answer.json.detail || T.uploadFailed;
        }
      })
      .catch(() => {
        notice.textContent = '';
        error.textContent = T.uploadFailed;
      })
      .then(() => {
        fileInput.value = '';
      });
  });

  // ------------------------------------------------------ contact update form
  // GOV.UK patterns inside the dialog: hints, an error summary that takes
  // focus and links to each field, a check-answers step, and a confirmation
  // in the conversation with a reference.
  function buildContactForm() {
    const section = el('section', { class: 'desk-contact', id: 'desk-contact', 'aria-labelledby': 'desk-cf-title' });
    section.append(el('h3', { id: 'desk-cf-title', class: 'desk-subtitle' }, T.formTitle));
    const form = el('form', { id: 'desk-cf-form', novalidate: '' });
    const summary = el('div', { class: 'desk-error-summary', id: 'desk-cf-errors', tabindex: '-1', 'aria-labelledby': 'desk-cf-errors-title' });
    summary.append(el('h4', { id: 'desk-cf-errors-title' }, T.problem), el('ul', { class: 'desk-error-list' }));
    summary.hidden = true;
    form.append(summary, el('p', { class: 'desk-hint', id: 'desk-cf-lead' }, T.formLead));

    function textField(id: string, name: string, labelText: string, hintText: string, attrs: Record<string, string>): HTMLElement {
      const wrap = el('div', { class: 'desk-field', 'data-field': name });
      wrap.append(el('label', { for: id, class: 'label' }, labelText));
      if (hintText) wrap.append(el('p', { class: 'desk-hint', id: `${id}-hint` }, hintText));
      wrap.append(el('input', { id, name, type: 'text', ...(hintText ? { 'aria-describedby': `${id}-hint` } : {}), ...attrs }));
      return wrap;
    }
    const dob = el('fieldset', { class: 'desk-field desk-date', 'data-field': 'birthDate', 'aria-describedby': 'desk-cf-dob-hint' });
    dob.append(el('legend', { class: 'label' }, T.dob), el('p', { class: 'desk-hint', id: 'desk-cf-dob-hint' }, T.dobHint));
    const parts: [string, string, string, string][] = [
      ['year', T.year, '4', 'bday-year'],
      ['month', T.month, '2', 'bday-month'],
      ['day', T.day, '2', 'bday-day'],
    ];
    for (const [part, partLabel, size, autocomplete] of parts) {
      const w = el('div', { class: 'desk-date-part' });
      w.append(
        el('label', { for: `desk-cf-dob-${part}` }, partLabel),
        el('input', { id: `desk-cf-dob-${part}`, name: `dob-${part}`, type: 'text', inputmode: 'numeric', maxlength: size, size, autocomplete }),
      );
      dob.append(w);
    }
    const channels = el('fieldset', { class: 'desk-field', 'data-field': 'channels', 'aria-describedby': 'desk-cf-channels-hint' });
    channels.append(el('legend', { class: 'label' }, T.channels), el('p', { class: 'desk-hint', id: 'desk-cf-channels-hint' }, T.channelsHint));
    const channelChoices: [string, string][] = [
      ['kakao', T.kakao],
      ['sms', T.sms],
      ['email', T.emailChannel],
    ];
    channelChoices.forEach(([value, choiceLabel], i) => {
      const id = i === 0 ? 'desk-cf-channels' : `desk-cf-channels-${value}`;
      const w = el('div', { class: 'desk-check' });
      w.append(el('input', { type: 'checkbox', id, name: 'channels', value }), el('label', { for: id }, choiceLabel));
      channels.append(w);
    });
    const actions = el('div', { class: 'desk-actions' });
    const cancel = el('button', { type: 'button', class: 'button button-secondary', id: 'desk-cf-cancel' }, T.cancel);
    actions.append(el('button', { type: 'submit', class: 'button', id: 'desk-cf-continue' }, T.continue), cancel);
    form.append(
      textField('desk-cf-name', 'name', T.name, T.nameHint, { autocomplete: 'name', maxlength: '100' }),
      dob,
      textField('desk-cf-mobile', 'mobile', T.mobile, T.mobileHint, { type: 'tel', autocomplete: 'tel', maxlength: '32' }),
      textField('desk-cf-email', 'email', T.email, T.emailHint, { type: 'email', autocomplete: 'email', maxlength: '254', spellcheck: 'false' }),
      channels,
      actions,
    );

    const check = el('div', { class: 'desk-check-answers', id: 'desk-cf-check' });
    check.hidden = true;
    check.append(el('h4', { id: 'desk-cf-check-title', tabindex: '-1' }, T.checkTitle), el('dl', { class: 'desk-summary' }));
    const checkActions = el('div', { class: 'desk-actions' });
    checkActions.append(
      el('button', { type: 'button', class: 'button', id: 'desk-cf-submit' }, T.submit),
      el('button', { type: 'button', class: 'button button-secondary', id: 'desk-cf-check-cancel' }, T.cancel),
    );
    check.append(checkActions);

    // The code step: the form reaches the agent only once a code sent to each new contact is typed back.
    const codes = el('div', { class: 'desk-codes', id: 'desk-cf-codes' });
    codes.hidden = true;
    const codesSummary = el('div', { class: 'desk-error-summary', id: 'desk-cf-codes-errors', tabindex: '-1', 'aria-labelledby': 'desk-cf-codes-errors-title' });
    codesSummary.append(el('h4', { id: 'desk-cf-codes-errors-title' }, T.problem), el('ul', { class: 'desk-error-list' }));
    codesSummary.hidden = true;
    const codesActions = el('div', { class: 'desk-actions' });
    codesActions.append(
      el('button', { type: 'submit', class: 'button', id: 'desk-cf-codes-confirm' }, T.confirmCodes),
      el('button', { type: 'button', class: 'button button-secondary', id: 'desk-cf-codes-resend' }, T.resendCodes),
      el('button', { type: 'button', class: 'button button-secondary', id: 'desk-cf-codes-cancel' }, T.cancel),
    );
    const codesForm = el('form', { id: 'desk-cf-codes-form', novalidate: '' });
    codesForm.append(
      codesSummary,
      el('p', { class: 'desk-hint', id: 'desk-cf-codes-lead' }, T.codesLead),
      el('p', { class: 'desk-notice', role: 'status', id: 'desk-cf-codes-notice' }),
      el('div', { id: 'desk-cf-codes-fields' }),
      codesActions,
    );
    codes.append(el('h4', { id: 'desk-cf-codes-title', tabindex: '-1' }, T.codesTitle), codesForm);
    section.append(form, check, codes);
    return { section, form, summary, check, codes, codesForm, codesSummary };
  }

  const FIELD_TARGET: Record<FormField, string> = {
    name: 'desk-cf-name',
    birthDate: 'desk-cf-dob-year',
    mobile: 'desk-cf-mobile',
    email: 'desk-cf-email',
    channels: 'desk-cf-channels',
  };
  const FIELD_LABEL: Record<FormField, string> = { name: T.name, birthDate: T.dob, mobile: T.mobile, email: T.email, channels: T.channels };
  const isFormField = (value: string | null): value is FormField => value !== null && Object.prototype.hasOwnProperty.call(FIELD_TARGET, value);
  const inputValue = (id: string) => byId<HTMLInputElement>(id).value.trim();

  function readForm() {
    const pad = (s: string) => (s.length === 1 ? `0${s}` : s);
    const y = inputValue('desk-cf-dob-year');
    const mo = inputValue('desk-cf-dob-month');
    const d = inputValue('desk-cf-dob-day');
    return {
      name: inputValue('desk-cf-name'),
      dob: { year: y, month: mo, day: d },
      birthDate: `${y}-${pad(mo)}-${pad(d)}`,
      mobile: inputValue('desk-cf-mobile'),
      email: inputValue('desk-cf-email'),
      channels: Array.from(contact.form.querySelectorAll<HTMLInputElement>('input[name="channels"]:checked'), (c) => c.value),
    };
  }
  type ContactForm = ReturnType<typeof readForm>;

  /** What the resident can be told before sending; the server checks the rest (a real date, lengths). */
  function validate(f: ContactForm): FieldProblem[] {
    const errors: FieldProblem[] = [];
    if (!f.name) errors.push({ field: 'name', message: T.errName });
    if (!/^\d{4}$/.test(f.dob.year) || !/^\d{1,2}$/.test(f.dob.month) || !/^\d{1,2}$/.test(f.dob.day)) errors.push({ field: 'birthDate', message: T.errDob });
    if (f.mobile && !/^\+?[0-9 ().-]{9,20}$/.test(f.mobile)) errors.push({ field: 'mobile', message: T.errMobile });
    if (f.email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(f.email)) errors.push({ field: 'email', message: T.errEmail });
    if (!f.mobile && !f.email && f.channels.length === 0) errors.push({ field: 'mobile', message: T.errNothing });
    return errors;
  }

  function clearErrors(): void {
    contact.summary.hidden = true;
    contact.summary.querySelector('ul')!.textContent = '';
    contact.form.querySelectorAll('.desk-field-error').forEach((w) => w.classList.remove('desk-field-error'));
    contact.form.querySelectorAll('.desk-error-message').forEach((p) => p.remove());
    contact.form.querySelectorAll('[aria-invalid]').forEach((i) => i.removeAttribute('aria-invalid'));
    contact.form.querySelectorAll('[aria-describedby]').forEach((node) => {
      node.setAttribute('aria-describedby', (node.getAttribute('aria-describedby') ?? '').replace(/\S+-error/g, '').trim());
    });
  }

  /** A link in an error summary that moves focus to its field. */
  function errorLink(target: string, message: string): HTMLAnchorElement {
    const a = el('a', { href: `#${target}` }, message);
    a.addEventListener('click', (ev) => {
      ev.preventDefault();
      byId(target).focus();
    });
    return a;
  }

  /** The message by a field: "There is a problem: …", the first part read only by screen readers. */
  function errorMessage(id: string, message: string): HTMLElement {
    const msg = el('p', { class: 'desk-error-message', id });
    msg.append(el('span', { class: 'visually-hidden' }, `${T.problem}: `), document.createTextNode(message));
    return msg;
  }

  /** Shows errors at the top (each a link to its field) and by each field, and moves focus to the summary. */
  function showErrors(errors: FieldProblem[]): void {
    clearErrors();
    const list = contact.summary.querySelector('ul')!;
    for (const e of errors) {
      const item = el('li');
      if (isFormField(e.field)) {
        const target = FIELD_TARGET[e.field];
        item.append(errorLink(target, e.message));
        const wrap = contact.form.querySelector<HTMLElement>(`[data-field="${e.field}"]`);
        if (wrap && !wrap.classList.contains('desk-field-error')) {
          wrap.classList.add('desk-field-error');
          const msgId = `desk-cf-${e.field}-error`;
          const msg = errorMessage(msgId, e.message);
          const hint = wrap.querySelector('.desk-hint');
          (hint ?? wrap.firstElementChild)?.after(msg);
          const described = wrap.tagName === 'FIELDSET' ? wrap : byId(target);
          described.setAttribute('aria-describedby', `${described.getAttribute('aria-describedby') ?? ''} ${msgId}`.trim());
          wrap.querySelectorAll('input:not([type="checkbox"])').forEach((i) => i.setAttribute('aria-invalid', 'true'));
        }
      } else item.textContent = e.message;
      list.append(item);
    }
    contact.check.hidden = true;
    contact.form.hidden = false;
    contact.summary.hidden = false;
    contact.summary.focus();
  }

  function showCheck(f: ContactForm): void {
    const dl = contact.check.querySelector('dl')!;
    dl.textContent = '';
    const channelNames: Record<string, string> = { kakao: T.kakao, sms: T.sms, email: T.emailChannel };
    const rows: [FormField, string][] = [
      ['name', f.name],
      ['birthDate', `${f.dob.year}-${f.dob.month}-${f.dob.day}`],
      ['mobile', f.mobile || T.none],
      ['email', f.email || T.none],
      ['channels', f.channels.length ? f.channels.map((c) => channelNames[c] ?? c).join(', ') : T.none],
    ];
    for (const [field, value] of rows) {
      const line = el('div', { class: 'desk-summary-row' });
      const change = el('button', { type: 'button', class: 'desk-change', 'data-change': field }, T.change);
      change.append(el('span', { class: 'visually-hidden' }, ` ${FIELD_LABEL[field]}`));
      const dd = el('dd');
      dd.append(change);
      line.append(el('dt', {}, FIELD_LABEL[field]), el('dd', {}, value), dd);
      dl.append(line);
    }
    contact.form.hidden = true;
    contact.check.hidden = false;
    byId('desk-cf-check-title').focus();
  }

  function openForm(): void {
    formOpen = true;
    clearErrors();
    contact.form.reset();
    contact.form.hidden = false;
    contact.check.hidden = true;
    contact.codes.hidden = true;
    pendingForm = null;
    notice.textContent = '';
    view();
    byId('desk-cf-name').focus();
  }
  function closeForm(): void {
    formOpen = false;
    view();
    input.focus();
  }

  formOpenBtn.addEventListener('click', openForm);
  byId('desk-cf-cancel').addEventListener('click', closeForm);
  byId('desk-cf-check-cancel').addEventListener('click', closeForm);
  contact.form.addEventListener('submit', (e) => {
    e.preventDefault();
    const f = readForm();
    const errors = validate(f);
    if (errors.length) showErrors(errors);
    else {
      clearErrors();
      showCheck(f);
    }
  });
  contact.check.addEventListener('click', (e) => {
    const field = e.target instanceof Element ? e.target.closest('[data-change]') : null;
    if (!field) return;
    const name = field.getAttribute('data-change');
    if (!isFormField(name)) return;
    contact.check.hidden = true;
    contact.form.hidden = false;
    byId(FIELD_TARGET[name]).focus();
  });

  /** A field the server named (name, birthDate, channels.0 …) to the form's field. */
  function serverField(path: string | undefined): FormField | null {
    const top = String(path ?? '').split('.')[0] ?? '';
    return isFormField(top) ? top : null;
  }

  // ------------------------------------------------------------ the code step
  let pendingForm: { formId: number; awaiting: { field: string; to: string }[] } | null = null;
  let sending = false;

  const codeInputId = (field: string) => `desk-cf-code-${field}`;

  function showCodes(answer: Partial<FormAnswer>, resent: boolean): void {
    const awaiting = answer.awaiting ?? [];
    pendingForm = { formId: answer.formId ?? 0, awaiting };
    const fields = byId('desk-cf-codes-fields');
    fields.textContent = '';
    for (const a of awaiting) {
      const id = codeInputId(a.field);
      const wrap = el('div', { class: 'desk-field', 'data-code': a.field });
      wrap.append(
        el('label', { for: id, class: 'label' }, T.codeFor(a.to)),
        el('p', { class: 'desk-hint', id: `${id}-hint` }, T.codeHint),
        el('input', { id, name: `code-${a.field}`, type: 'text', inputmode: 'numeric', autocomplete: 'one-time-code', maxlength: '8', 'aria-describedby': `${id}-hint` }),
      );
      fields.append(wrap);
    }
    contact.codesSummary.hidden = true;
    byId('desk-cf-codes-notice').textContent = resent ? T.codesResent : '';
    contact.form.hidden = true;
    contact.check.hidden = true;
    contact.codes.hidden = false;
    byId('desk-cf-codes-title').focus();
  }

  /** Errors of the code step: a summary that takes focus, each item a link to its code field, and the message by the field. */
  function showCodeErrors(errors: FieldProblem[]): void {
    const list = contact.codesSummary.querySelector('ul')!;
    list.textContent = '';
    contact.codes.querySelectorAll('.desk-error-message').forEach((p) => p.remove());
    contact.codes.querySelectorAll('[data-code]').forEach((w) => {
      w.classList.remove('desk-field-error');
      const i = w.querySelector('input')!;
      i.removeAttribute('aria-invalid');
      i.setAttribute('aria-describedby', `${i.id}-hint`);
    });
    for (const e of errors) {
      const item = el('li');
      const wrap = e.field ? contact.codes.querySelector(`[data-code="${e.field}"]`) : null;
      if (e.field && wrap) {
        const target = codeInputId(e.field);
        item.append(errorLink(target, e.message));
        wrap.classList.add('desk-field-error');
        wrap.querySelector('.desk-hint')!.after(errorMessage(`${target}-error`, e.message));
        const codeInput = byId(target);
        codeInput.setAttribute('aria-invalid', 'true');
        codeInput.setAttribute('aria-describedby', `${target}-hint ${target}-error`);
      } else item.textContent = e.message;
      list.append(item);
    }
    contact.codesSummary.hidden = false;
    contact.codesSummary.focus();
  }

  async function post<T>(path: string, body: unknown): Promise<Posted<T>> {
    const r = await fetch(withLang(path), {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(body),
    });
    const json = (await r.json().catch(() => ({}))) as Posted<T>['json'];
    return { ok: r.ok, status: r.status, json };
  }

  function formPosted(messageId: number | null | undefined): void {
    notice.textContent = T.formSent(reference(messageId ?? ''));
    pendingForm = null;
    closeForm();
  }

  contact.codesForm.addEventListener('submit', (e) => {
    e.preventDefault();
    if (sending || !session || !pendingForm) return;
    const codes: Record<string, string> = {};
    const missing: FieldProblem[] = [];
    for (const a of pendingForm.awaiting) {
      const v = byId<HTMLInputElement>(codeInputId(a.field)).value.replace(/\s+/g, '');
      if (!/^\d{6}$/.test(v)) missing.push({ field: a.field, message: T.errCode });
      codes[a.field] = v;
    }
    if (missing.length) {
      showCodeErrors(missing);
      return;
    }
    sending = true;
    post<FormAnswer>('/r/desk/contact-form/confirm', { resumeToken: session.token, formId: pendingForm.formId, codes })
      .then((answer) => {
        if (answer.ok) {
          formPosted(answer.json.messageId);
          return;
        }
        const problems = Array.isArray(answer.json.errors) ? answer.json.errors : [];
        const mapped = problems.map((p) => ({ field: String(p.field ?? '').replace(/^code\./, ''), message: p.reason }));
        showCodeErrors(mapped.length ? mapped : [{ field: null, message: answer.json.detail || T.sendFailed }]);
      })
      .catch(() => showCodeErrors([{ field: null, message: T.sendFailed }]))
      .then(() => {
        sending = false;
      });
  });
  byId('desk-cf-codes-resend').addEventListener('click', () => {
    if (sending || !session || !pendingForm) return;
    sending = true;
    post<FormAnswer>('/r/desk/contact-form/resend', { resumeToken: session.token, formId: pendingForm.formId })
      .then((answer) => {
        if (answer.ok) showCodes(answer.json, true);
        else showCodeErrors([{ field: null, message: answer.json.detail || T.sendFailed }]);
      })
      .catch(() => showCodeErrors([{ field: null, message: T.sendFailed }]))
      .then(() => {
        sending = false;
      });
  });
  byId('desk-cf-codes-cancel').addEventListener('click', () => {
    pendingForm = null;
    closeForm();
  });

  byId('desk-cf-submit').addEventListener('click', () => {
    if (sending || !session) return;
    const f = readForm();
    const body: Record<string, unknown> = { resumeToken: session.token, name: f.name, birthDate: f.birthDate, channels: f.channels };
    if (f.mobile) body.mobile = f.mobile;
    if (f.email) body.email = f.email;
    sending = true;
    post<FormAnswer>('/r/desk/contact-form', body)
      .then((answer) => {
        if (answer.ok) {
          // 202: codes went to the new contacts; 201: nothing to confirm, the form is with the agent.
          if (answer.json.messageId === null && Array.isArray(answer.json.awaiting)) showCodes(answer.json, false);
          else formPosted(answer.json.messageId);
          return;
        }
        const problems = Array.isArray(answer.json.errors) ? answer.json.errors : [];
        const mapped = problems.flatMap((p) => {
          const field = serverField(p.field);
          return field ? [{ field, message: `${FIELD_LABEL[field]}: ${p.reason}` }] : [];
        });
        showErrors(mapped.length ? mapped : [{ field: null, message: answer.json.detail || T.sendFailed }]);
      })
      .catch(() => showErrors([{ field: null, message: T.sendFailed }]))
      .then(() => {
        sending = false;
      });
  });

  // ----------------------------------------------------- after the close
  // How satisfied the resident is (1–5, an optional comment; once), and the
  // transcript by e-mail: to an address confirmed in this conversation, else
  // a code goes to it first and the request is made again with the code.
  function buildAfterClose() {
    const section = el('section', { class: 'desk-after', id: 'desk-after', 'aria-labelledby': 'desk-after-title' });
    const title = el('h3', { id: 'desk-after-title', class: 'desk-subtitle', tabindex: '-1' }, T.afterTitle);

    const satForm = el('form', { id: 'desk-sat-form', novalidate: '' });
    const ratings = el('fieldset', { class: 'desk-field desk-rating', id: 'desk-sat-rating' });
    ratings.append(el('legend', { class: 'label' }, T.satQuestion));
    ([5, 4, 3, 2, 1] as const).forEach((value) => {
      const id = `desk-sat-${value}`;
      const wrap = el('div', { class: 'desk-check' });
      wrap.append(el('input', { type: 'radio', id, name: 'rating', value: String(value) }), el('label', { for: id }, T.satLabels[value]));
      ratings.append(wrap);
    });
    const comment = el('div', { class: 'desk-field' });
    comment.append(el('label', { for: 'desk-sat-comment', class: 'label' }, T.satComment), el('textarea', { id: 'desk-sat-comment', name: 'comment', rows: '2', maxlength: '1000' }));
    satForm.append(ratings, comment, el('button', { type: 'submit', class: 'button', id: 'desk-sat-submit' }, T.satSubmit));
    const satDone = el('p', { class: 'desk-notice', role: 'status', id: 'desk-sat-done' });

    const trTitle = el('h4', { class: 'desk-subtitle', id: 'desk-tr-title' }, T.transcriptTitle);
    const trForm = el('form', { id: 'desk-tr-form', novalidate: '', 'aria-labelledby': 'desk-tr-title' });
    const emailField = el('div', { class: 'desk-field' });
    emailField.append(
      el('label', { for: 'desk-tr-email', class: 'label' }, T.transcriptEmail),
      el('p', { class: 'desk-hint', id: 'desk-tr-email-hint' }, T.transcriptHint),
      el('input', { id: 'desk-tr-email', name: 'email', type: 'email', autocomplete: 'email', maxlength: '254', spellcheck: 'false', 'aria-describedby': 'desk-tr-email-hint' }),
    );
    const codeField = el('div', { class: 'desk-field', id: 'desk-tr-code-field' });
    codeField.hidden = true;
    const trSubmit = el('button', { type: 'submit', class: 'button', id: 'desk-tr-submit' }, T.transcriptSubmit);
    trForm.append(emailField, codeField, trSubmit);
    const trError = el('p', { class: 'desk-error', role: 'alert', id: 'desk-tr-error' });
    const trDone = el('p', { class: 'desk-notice', role: 'status', id: 'desk-tr-done' });
    section.append(title, satForm, satDone, trTitle, trForm, trError, trDone);

    /** The message by a field (or fieldset), linked to it, and focus on it. */
    function fieldProblem(wrap: HTMLElement, target: HTMLElement, message: string): void {
      const id = `${wrap.id || target.id}-error`;
      wrap.querySelector('.desk-error-message')?.remove();
      wrap.classList.add('desk-field-error');
      const legendOrHint = wrap.querySelector('.desk-hint') ?? wrap.firstElementChild;
      legendOrHint?.after(errorMessage(id, message));
      const described = wrap.tagName === 'FIELDSET' ? wrap : target;
      described.setAttribute('aria-describedby', `${(described.getAttribute('aria-describedby') ?? '').replace(/\S+-error/g, '').trim()} ${id}`.trim());
      if (target.tagName === 'INPUT' && (target as HTMLInputElement).type !== 'radio') target.setAttribute('aria-invalid', 'true');
      target.focus();
    }
    function clearProblems(form: HTMLElement): void {
      form.querySelectorAll('.desk-error-message').forEach((p) => p.remove());
      form.querySelectorAll('.desk-field-error').forEach((w) => w.classList.remove('desk-field-error'));
      form.querySelectorAll('[aria-invalid]').forEach((i) => i.removeAttribute('aria-invalid'));
      form.querySelectorAll('[aria-describedby]').forEach((node) => {
        const rest = (node.getAttribute('aria-describedby') ?? '').replace(/\S+-error/g, '').trim();
        if (rest) node.setAttribute('aria-describedby', rest);
        else node.removeAttribute('aria-describedby');
      });
    }

    let busy = false;
    satForm.addEventListener('submit', (e) => {
      e.preventDefault();
      if (busy || !session) return;
      clearProblems(satForm);
      const chosen = satForm.querySelector<HTMLInputElement>('input[name="rating"]:checked');
      if (!chosen) {
        fieldProblem(ratings, ratings.querySelector('input')!, T.errRating);
        return;
      }
      const text = byId<HTMLTextAreaElement>('desk-sat-comment').value.trim();
      busy = true;
      post<{ ok: true }>('/r/desk/satisfaction', { resumeToken: session.token, rating: Number(chosen.value), ...(text ? { comment: text } : {}) })
        .then((answer) => {
          // answered before (this browser or another): the thanks stand, the question goes
          if (answer.ok || answer.status === 409) {
            satForm.hidden = true;
            satDone.textContent = answer.ok ? T.satThanks : answer.json.detail || T.satThanks;
          } else fieldProblem(ratings, chosen, answer.json.detail || T.sendFailed);
        })
        .catch(() => fieldProblem(ratings, chosen, T.sendFailed))
        .then(() => {
          busy = false;
        });
    });

    let codeFor: string | null = null;
    trForm.addEventListener('submit', (e) => {
      e.preventDefault();
      if (busy || !session) return;
      clearProblems(trForm);
      trError.textContent = '';
      const emailInput = byId<HTMLInputElement>('desk-tr-email');
      const email = emailInput.value.trim();
      if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) {
        fieldProblem(emailField, emailInput, T.errEmail);
        return;
      }
      const codeInput = codeFor === email ? byId<HTMLInputElement>('desk-tr-code') : null;
      const code = codeInput ? codeInput.value.replace(/\s+/g, '') : '';
      if (codeInput && !/^\d{6}$/.test(code)) {
        fieldProblem(codeField, codeInput, T.errCode);
        return;
      }
      busy = true;
      post<{ queued: boolean; confirm?: { to: string } }>('/r/desk/transcript', { resumeToken: session.token, email, ...(code ? { code } : {}) })
        .then((answer) => {
          if (answer.ok && answer.json.queued) {
            trForm.hidden = true;
            trDone.textContent = T.transcriptSent(email);
          } else if (answer.ok && answer.json.confirm) {
            // a code went to the address: ask for it, by the address it went to
            codeFor = email;
            codeField.textContent = '';
            codeField.append(
              el('label', { for: 'desk-tr-code', class: 'label' }, T.codeFor(answer.json.confirm.to)),
              el('p', { class: 'desk-hint', id: 'desk-tr-code-hint' }, T.codeHint),
              el('input', { id: 'desk-tr-code', name: 'code', type: 'text', inputmode: 'numeric', autocomplete: 'one-time-code', maxlength: '8', 'aria-describedby': 'desk-tr-code-hint' }),
            );
            codeField.hidden = false;
            trSubmit.textContent = T.transcriptConfirm;
            byId('desk-tr-code').focus();
          } else {
            const problem = Array.isArray(answer.json.errors) ? answer.json.errors[0] : undefined;
            if (problem?.field === 'code' && codeInput) fieldProblem(codeField, codeInput, problem.reason);
            else if (problem?.field === 'email') fieldProblem(emailField, emailInput, problem.reason);
            else trError.textContent = answer.json.detail || T.sendFailed;
          }
        })
        .catch(() => {
          trError.textContent = T.sendFailed;
        })
        .then(() => {
          busy = false;
        });
    });

    function reset(): void {
      for (const form of [satForm, trForm]) {
        clearProblems(form);
        form.reset();
        form.hidden = false;
      }
      satDone.textContent = '';
      trDone.textContent = '';
      trError.textContent = '';
      codeFor = null;
      codeField.textContent = '';
      codeField.hidden = true;
      trSubmit.textContent = T.transcriptSubmit;
    }
    return { section, title, reset };
  }

  view();
  if (session) connect(true);
}

const root = document.querySelector<HTMLElement>('[data-desk-widget]');
if (root && 'WebSocket' in window) start(root);
