// Live chat widget on resident pages. Without script the server-rendered link
// to /r/desk stays; with it, a button opens a dialog that talks to
// /r/desk/socket. User text is only ever set with textContent. The
// contact-update form has a code step: a code goes to each new contact and
// the request reaches the agent once the resident types them here.
(function () {
  'use strict';
  var root = document.querySelector('[data-desk-widget]');
  if (!root || !window.WebSocket) return;
  var lang = document.documentElement.lang === 'en' ? 'en' : 'ko';
  var MAX_FILE_BYTES = 5 * 1024 * 1024;
  var T = {
    ko: {
      open: '상담원과 채팅', title: '상담원과 채팅', close: '채팅 창 닫기', district: '어느 구에 문의하시나요?', start: '채팅 시작',
      message: '메시지', send: '보내기', end: '대화 끝내기', you: '나', agent: '상담원', system: '안내',
      waiting: function (p, m) { return '대기 순서 ' + p + '번째, 예상 대기 시간 약 ' + m + '분입니다.'; },
      assigned: '상담원이 연결되었습니다.', transferred: '다른 상담원에게 연결되었습니다.', closed: '대화가 종료되었습니다.',
      connecting: '연결 중…', reconnecting: '연결이 끊겼습니다. 다시 연결하는 중…', typing: '상담원이 입력 중입니다…', read: '상담원이 읽었습니다.',
      newChat: '새 대화 시작', unread: '새 메시지', loadError: '구 목록을 불러오지 못했습니다. 잠시 후 다시 시도해 주세요.', empty: '메시지를 입력해 주세요.',
      offlineLink: '오프라인 문의 양식에 메시지 남기기', refundLink: '환급 신청 페이지로 가기',
      tools: '다른 방법으로 보내기', formOpen: '연락처 변경 양식 작성',
      file: '사진 또는 PDF 보내기', fileHint: 'PNG, JPEG, GIF, WebP 사진이나 PDF, 5MB 이하', uploading: function (n) { return n + ' 보내는 중…'; },
      uploaded: function (n) { return n + ' 파일을 보냈습니다.'; }, uploadFailed: '파일을 보내지 못했습니다. 다시 시도해 주세요.',
      tooLarge: '파일이 너무 큽니다. 5MB 이하의 파일만 보낼 수 있습니다.',
      attachment: '첨부파일', formTitle: '연락처 변경 요청',
      formLead: '고지서를 받을 새 연락처를 알려 주세요. 상담원이 확인한 뒤 반영합니다. 새 휴대전화, 새 이메일, 받을 방법 중 하나 이상을 입력하세요.',
      name: '이름', nameHint: '고지서에 적힌 이름', dob: '생년월일', dobHint: '예: 1980 3 31', year: '년', month: '월', day: '일',
      mobile: '새 휴대전화 번호 (선택)', mobileHint: '예: 010-1234-5678', email: '새 이메일 주소 (선택)', emailHint: '예: name@example.kr',
      channels: '고지서를 받을 방법 (선택)', channelsHint: '해당하는 것을 모두 고르세요.',
      kakao: '카카오톡', sms: '문자 메시지', emailChannel: '이메일',
      continue: '계속', cancel: '취소', problem: '문제가 있습니다',
      checkTitle: '보내기 전에 확인하세요', change: '바꾸기', submit: '요청 보내기', none: '없음',
      errName: '이름을 입력하세요.', errDob: '생년월일을 예: 1980 3 31처럼 숫자로 입력하세요.',
      errMobile: '휴대전화 번호를 예: 010-1234-5678처럼 입력하세요.', errEmail: '이메일 주소를 예: name@example.kr처럼 입력하세요.',
      errNothing: '새 휴대전화 번호나 이메일 주소를 입력하거나 받을 방법을 고르세요.',
      formSent: function (ref) { return '연락처 변경 요청을 보냈습니다. 접수 번호 ' + ref + '. 상담원이 확인한 뒤 반영합니다.'; },
      contactUpdated: '상담원이 연락처 변경을 반영했습니다.', sendFailed: '요청을 보내지 못했습니다. 다시 시도해 주세요.',
      codesTitle: '인증번호 입력', codesLead: '새 연락처가 맞는지 확인하려고 6자리 인증번호를 보냈습니다(5분 동안 유효). 인증번호를 입력해야 요청이 상담원에게 갑니다.',
      codeFor: function (to) { return to + '(으)로 보낸 인증번호'; }, codeHint: '숫자 6자리',
      confirmCodes: '확인하고 요청 보내기', resendCodes: '인증번호 다시 보내기', codesResent: '새 인증번호를 보냈습니다. 이전 인증번호는 쓸 수 없습니다.',
      errCode: '인증번호 숫자 6자리를 입력하세요.',
    },
    en: {
      open: 'Chat with an agent', title: 'Chat with an agent', close: 'Close the chat window', district: 'Which district is your question for?', start: 'Start chat',
      message: 'Message', send: 'Send', end: 'End conversation', you: 'You', agent: 'Agent', system: 'Notice',
      waiting: function (p, m) { return 'You are number ' + p + ' in the queue. Estimated wait: about ' + m + ' min.'; },
      assigned: 'An agent has joined.', transferred: 'You have been passed to another agent.', closed: 'The conversation has ended.',
      connecting: 'Connecting…', reconnecting: 'Connection lost. Reconnecting…', typing: 'The agent is typing…', read: 'The agent has read your messages.',
      newChat: 'Start a new conversation', unread: 'new messages', loadError: 'Could not load the districts. Please try again shortly.', empty: 'Type a message first.',
      offlineLink: 'Leave a message with the offline form', refundLink: 'Go to the refund application',
      tools: 'Other ways to send', formOpen: 'Fill in the contact update form',
      file: 'Send a picture or PDF', fileHint: 'PNG, JPEG, GIF or WebP pictures, or PDF, up to 5 MB', uploading: function (n) { return 'Sending ' + n + '…'; },
      uploaded: function (n) { return n + ' sent.'; }, uploadFailed: 'The file could not be sent. Please try again.',
      tooLarge: 'The file is too large. Files can be at most 5 MB.',
      attachment: 'Attachment', formTitle: 'Contact update request',
      formLead: 'Tell us the new contact details for your notices; an agent checks and applies them. Give a new mobile number, a new e-mail address or how you want to receive notices.',
      name: 'Name', nameHint: 'As written on your notice', dob: 'Date of birth', dobHint: 'For example, 1980 3 31', year: 'Year', month: 'Month', day: 'Day',
      mobile: 'New mobile number (optional)', mobileHint: 'For example, 010-1234-5678', email: 'New e-mail address (optional)', emailHint: 'For example, name@example.kr',
      channels: 'How to receive notices (optional)', channelsHint: 'Select all that apply.',
      kakao: 'KakaoTalk', sms: 'Text message', emailChannel: 'E-mail',
      continue: 'Continue', cancel: 'Cancel', problem: 'There is a problem',
      checkTitle: 'Check your answers before sending', change: 'Change', submit: 'Send request', none: 'None',
      errName: 'Enter your name.', errDob: 'Enter your date of birth in numbers, for example 1980 3 31.',
      errMobile: 'Enter a mobile number like 010-1234-5678.', errEmail: 'Enter an e-mail address like name@example.kr.',
      errNothing: 'Enter a new mobile number or e-mail address, or select how to receive notices.',
      formSent: function (ref) { return 'Contact update request sent. Your reference is ' + ref + '. An agent will check it and apply it.'; },
      contactUpdated: 'An agent has applied your contact update.', sendFailed: 'The request could not be sent. Please try again.',
      codesTitle: 'Enter the confirmation codes', codesLead: 'We sent a 6-digit code to each new contact to check it is right (codes work for 5 minutes). Your request reaches the agent once you enter them.',
      codeFor: function (to) { return 'Code sent to ' + to; }, codeHint: '6 digits',
      confirmCodes: 'Confirm and send the request', resendCodes: 'Send new codes', codesResent: 'New codes were sent. Earlier codes no longer work.',
      errCode: 'Enter the 6-digit code.',
    },
  }[lang];
  var STORE = 'taxstation.desk';

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    for (var k in attrs || {}) node.setAttribute(k, attrs[k]);
    if (text !== undefined) node.textContent = text;
    return node;
  }
  function withLang(path) { return path + (path.indexOf('?') < 0 ? '?' : '&') + 'lang=' + lang; }
  // Links the desk posts are paths of this site; anything else stays text.
  function sitePath(value) { return typeof value === 'string' && /^\/[a-z]/.test(value) ? value : null; }
  function reference(messageId) { return 'D-' + messageId; }

  var launcher = el('button', { type: 'button', id: 'desk-launcher', class: 'desk-launcher', 'aria-haspopup': 'dialog', 'aria-controls': 'desk-dialog' }, T.open);
  var dialog = el('dialog', { id: 'desk-dialog', class: 'desk-dialog', 'aria-labelledby': 'desk-dialog-title' });
  var head = el('div', { class: 'desk-head' });
  var title = el('h2', { id: 'desk-dialog-title', class: 'desk-title' }, T.title);
  var closeBtn = el('button', { type: 'button', class: 'desk-x', 'aria-label': T.close }, '×');
  head.append(title, closeBtn);
  var status = el('p', { class: 'desk-status', role: 'status', 'aria-live': 'polite', id: 'desk-status' });
  var startForm = el('form', { class: 'desk-start', novalidate: '' });
  var fieldset = el('fieldset');
  fieldset.append(el('legend', {}, T.district));
  var startBtn = el('button', { type: 'submit', class: 'button', id: 'desk-start' }, T.start);
  startForm.append(fieldset, startBtn);
  var log = el('div', { class: 'desk-log', role: 'log', 'aria-live': 'polite', 'aria-label': T.title, id: 'desk-log' });
  var typing = el('p', { class: 'desk-typing', id: 'desk-typing' });
  var readMark = el('p', { class: 'desk-read', id: 'desk-read' });
  var error = el('p', { class: 'desk-error', role: 'alert', id: 'desk-error' });
  var notice = el('p', { class: 'desk-notice', role: 'status', id: 'desk-notice' });
  var compose = el('form', { class: 'desk-compose', novalidate: '' });
  var label = el('label', { for: 'desk-input', class: 'label' }, T.message);
  var input = el('textarea', { id: 'desk-input', name: 'body', rows: '2', maxlength: '2000' });
  var sendBtn = el('button', { type: 'submit', class: 'button' }, T.send);
  var endBtn = el('button', { type: 'button', class: 'button button-secondary desk-end' }, T.end);
  compose.append(label, input, sendBtn, endBtn);

  var tools = el('div', { class: 'desk-tools', role: 'group', 'aria-label': T.tools, id: 'desk-tools' });
  var formOpenBtn = el('button', { type: 'button', class: 'button button-secondary', id: 'desk-form-open' }, T.formOpen);
  var fileWrap = el('div', { class: 'desk-file' });
  var fileInput = el('input', { type: 'file', id: 'desk-file', name: 'file', accept: 'image/png,image/jpeg,image/gif,image/webp,application/pdf,.pdf', 'aria-describedby': 'desk-file-hint' });
  fileWrap.append(el('label', { for: 'desk-file', class: 'label' }, T.file), el('p', { class: 'desk-hint', id: 'desk-file-hint' }, T.fileHint), fileInput);
  tools.append(formOpenBtn, fileWrap);

  var newBtn = el('button', { type: 'button', class: 'button desk-new' }, T.newChat);
  var contact = buildContactForm();
  dialog.append(head, status, startForm, log, typing, readMark, error, notice, compose, tools, contact.section, newBtn);
  root.textContent = '';
  root.append(launcher, dialog);

  var socket = null;
  var session = null; // { token, after }
  var lastId = 0;
  var state = null;
  var retry = 0;
  var unread = 0;
  var seen = {};
  var formOpen = false;
  try { session = JSON.parse(localStorage.getItem(STORE) || 'null'); } catch (e) { session = null; }

  function save() {
    try { if (session) localStorage.setItem(STORE, JSON.stringify({ token: session.token, after: lastId })); else localStorage.removeItem(STORE); } catch (e) { /* private mode */ }
  }

  function view() {
    var inChat = !!session;
    var open = inChat && state !== 'closed';
    startForm.hidden = inChat;
    log.hidden = !inChat;
    compose.hidden = !open || formOpen;
    tools.hidden = !open || formOpen;
    contact.section.hidden = !open || !formOpen;
    newBtn.hidden = state !== 'closed';
    launcher.textContent = unread > 0 && !dialog.open ? T.open + ' (' + unread + ' ' + T.unread + ')' : T.open;
  }

  function messageText(m) {
    if (m.kind === 'event') {
      if (m.body === 'assigned') return T.assigned;
      if (m.body === 'transferred') return T.transferred;
      if (m.body === 'closed') return T.closed;
      if (m.body === 'contact_updated') return T.contactUpdated;
      return m.body;
    }
    if (m.kind === 'form') return T.formSent(reference(m.id));
    if (m.kind === 'attachment' && m.payload && typeof m.payload.fileName === 'string') {
      return T.attachment + ': ' + m.payload.fileName + ' (' + Math.max(1, Math.round((m.payload.sizeBytes || 0) / 1024)) + ' KB)';
    }
    return m.body;
  }

  /** The link a desk notice carries: the offline form out of hours, the refund application. */
  function noticeLink(m) {
    var p = m.payload;
    if (m.authorType !== 'system' || !p) return null;
    if (p.auto === 'out_of_hours' && sitePath(p.offlineForm)) return { href: withLang(p.offlineForm), text: T.offlineLink };
    if (p.auto === 'refund_link' && sitePath(p.link)) return { href: withLang(p.link), text: T.refundLink };
    return null;
  }

  function addMessage(m) {
    if (seen[m.id]) return;
    seen[m.id] = true;
    lastId = Math.max(lastId, m.id);
    var li = el('p', { class: 'desk-msg desk-' + m.authorType + ' desk-kind-' + m.kind, 'data-id': String(m.id) });
    var who = m.kind === 'event' ? T.system : m.authorType === 'resident' ? T.you : m.authorType === 'agent' ? T.agent : T.system;
    li.append(el('span', { class: 'desk-who' }, who + ': '), el('span', { class: 'desk-body' }, messageText(m)));
    var link = noticeLink(m);
    if (link) {
      li.append(document.createElement('br'), el('a', { href: link.href, class: 'desk-link' }, link.text));
    }
    log.append(li);
    if (m.authorType === 'agent') typing.textContent = '';
    if (m.authorType !== 'resident' && !dialog.open) unread++;
    save();
    if (dialog.open && socket && socket.readyState === 1) socket.send(JSON.stringify({ type: 'read', upTo: lastId }));
  }

  function connect(first) {
    if (socket) return;
    status.textContent = first ? T.connecting : T.reconnecting;
    var url = (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/r/desk/socket';
    var ws = new WebSocket(url);
    socket = ws;
    ws.onopen = function () {
      retry = 0;
      if (session) ws.send(JSON.stringify({ type: 'resume', resume: session.token, after: lastId }));
      else if (pendingStart) { ws.send(JSON.stringify(pendingStart)); pendingStart = null; }
    };
    ws.onmessage = function (event) {
      var f;
      try { f = JSON.parse(event.data); } catch (e) { return; }
      if (f.type === 'session') {
        var fresh = !session;
        session = { token: f.resumeToken }; save(); view();
        if (fresh && dialog.open) input.focus();
      }
      else if (f.type === 'message') addMessage(f);
      else if (f.type === 'state') {
        state = f.state;
        if (f.state === 'waiting' && f.queue) status.textContent = T.waiting(f.queue.position, Math.max(1, Math.round(f.queue.estimatedWaitSeconds / 60)));
        else status.textContent = f.state === 'assigned' ? T.assigned : T.closed;
        if (state === 'closed') formOpen = false;
        view();
      } else if (f.type === 'typing') typing.textContent = T.typing;
      else if (f.type === 'read') readMark.textContent = f.upTo >= lastId ? T.read : '';
      else if (f.type === 'error') {
        error.textContent = f.message[lang];
        if (f.code === 'resume_unknown') { session = null; lastId = 0; save(); view(); }
      }
    };
    ws.onclose = function () {
      socket = null;
      if (!session) return;
      status.textContent = T.reconnecting;
      retry = Math.min(retry + 1, 5);
      setTimeout(function () { connect(false); }, 500 * Math.pow(2, retry - 1));
    };
  }
  var pendingStart = null;

  window.addEventListener('online', function () { if (session && !socket) connect(false); });

  function focusStart() {
    var first = fieldset.querySelector('input:checked') || fieldset.querySelector('input');
    (first || startBtn).focus();
  }

  function loadDistricts() {
    if (fieldset.querySelector('input')) return Promise.resolve();
    return fetch('/r/desk/config').then(function (r) { return r.json(); }).then(function (cfg) {
      cfg.districts.forEach(function (d, i) {
        var id = 'desk-district-' + d.code;
        var wrap = el('div', { class: 'desk-radio' });
        var radio = el('input', { type: 'radio', name: 'district', id: id, value: d.code });
        if (i === 0) radio.checked = true;
        wrap.append(radio, el('label', { for: id }, d.name[lang]));
        fieldset.append(wrap);
      });
      if (dialog.open && !session) focusStart();
    }).catch(function () { error.textContent = T.loadError; });
  }

  function open() {
    if (typeof dialog.showModal === 'function') dialog.showModal(); else dialog.setAttribute('open', '');
    unread = 0;
    view();
    if (session) { connect(true); input.focus(); if (socket && socket.readyState === 1 && lastId) socket.send(JSON.stringify({ type: 'read', upTo: lastId })); }
    else { focusStart(); loadDistricts(); }
  }
  launcher.addEventListener('click', open);
  closeBtn.addEventListener('click', function () { dialog.close(); });
  dialog.addEventListener('close', function () { view(); launcher.focus(); });

  startForm.addEventListener('submit', function (e) {
    e.preventDefault();
    var chosen = fieldset.querySelector('input:checked');
    if (!chosen) return;
    error.textContent = '';
    pendingStart = { type: 'start', district: chosen.value, locale: lang };
    if (socket && socket.readyState === 1) { socket.send(JSON.stringify(pendingStart)); pendingStart = null; }
    else connect(true);
  });
  compose.addEventListener('submit', function (e) {
    e.preventDefault();
    var body = input.value.trim();
    if (!body) { error.textContent = T.empty; return; }
    if (!socket || socket.readyState !== 1) { error.textContent = T.reconnecting; return; }
    error.textContent = '';
    socket.send(JSON.stringify({ type: 'send', body: body }));
    input.value = '';
    input.focus();
  });
  var lastTyping = 0;
  input.addEventListener('input', function () {
    var now = Date.now();
    if (socket && socket.readyState === 1 && now - lastTyping > 3000) { lastTyping = now; socket.send(JSON.stringify({ type: 'typing' })); }
  });
  input.addEventListener('keydown', function (e) {
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) { e.preventDefault(); compose.requestSubmit(); }
  });
  endBtn.addEventListener('click', function () { if (socket && socket.readyState === 1) socket.send(JSON.stringify({ type: 'close' })); });
  newBtn.addEventListener('click', function () {
    session = null; lastId = 0; state = null; seen = {}; log.textContent = ''; status.textContent = ''; readMark.textContent = ''; notice.textContent = ''; save();
    if (socket) { var s = socket; socket = null; s.onclose = null; s.close(); }
    view(); focusStart(); loadDistricts();
  });

  // ---------------------------------------------------------------- attachments
  // Sent over HTTP (not the socket): the server checks size while it reads
  // and the type from the bytes; a refusal comes back as problem+json.
  fileInput.addEventListener('change', function () {
    var file = fileInput.files && fileInput.files[0];
    if (!file || !session) return;
    error.textContent = '';
    notice.textContent = '';
    if (file.size > MAX_FILE_BYTES) { error.textContent = T.tooLarge; fileInput.value = ''; return; }
    var body = new FormData();
    body.append('file', file, file.name);
    notice.textContent = T.uploading(file.name);
    fetch(withLang('/r/desk/attachments'), { method: 'POST', headers: { accept: 'application/json', 'x-desk-resume': session.token }, body: body })
      .then(function (r) { return r.json().catch(function () { return {}; }).then(function (json) { return { ok: r.ok, json: json }; }); })
      .then(function (answer) {
        if (answer.ok) notice.textContent = T.uploaded(file.name);
        else { notice.textContent = ''; error.textContent = answer.json.detail || T.uploadFailed; }
      })
      .catch(function () { notice.textContent = ''; error.textContent = T.uploadFailed; })
      .then(function () { fileInput.value = ''; });
  });

  // ------------------------------------------------------ contact update form
  // GOV.UK patterns inside the dialog: hints, an error summary that takes
  // focus and links to each field, a check-answers step, and a confirmation
  // in the conversation with a reference.
  function buildContactForm() {
    var section = el('section', { class: 'desk-contact', id: 'desk-contact', 'aria-labelledby': 'desk-cf-title' });
    section.append(el('h3', { id: 'desk-cf-title', class: 'desk-subtitle' }, T.formTitle));
    var form = el('form', { id: 'desk-cf-form', novalidate: '' });
    var summary = el('div', { class: 'desk-error-summary', id: 'desk-cf-errors', tabindex: '-1', 'aria-labelledby': 'desk-cf-errors-title' });
    summary.append(el('h4', { id: 'desk-cf-errors-title' }, T.problem), el('ul', { class: 'desk-error-list' }));
    summary.hidden = true;
    form.append(summary, el('p', { class: 'desk-hint', id: 'desk-cf-lead' }, T.formLead));

    function textField(id, name, labelText, hintText, attrs) {
      var wrap = el('div', { class: 'desk-field', 'data-field': name });
      wrap.append(el('label', { for: id, class: 'label' }, labelText));
      if (hintText) wrap.append(el('p', { class: 'desk-hint', id: id + '-hint' }, hintText));
      var field = el('input', Object.assign({ id: id, name: name, type: 'text' }, hintText ? { 'aria-describedby': id + '-hint' } : {}, attrs || {}));
      wrap.append(field);
      return wrap;
    }
    var dob = el('fieldset', { class: 'desk-field desk-date', 'data-field': 'birthDate', 'aria-describedby': 'desk-cf-dob-hint' });
    dob.append(el('legend', { class: 'label' }, T.dob), el('p', { class: 'desk-hint', id: 'desk-cf-dob-hint' }, T.dobHint));
    [['year', T.year, '4', 'bday-year'], ['month', T.month, '2', 'bday-month'], ['day', T.day, '2', 'bday-day']].forEach(function (part) {
      var w = el('div', { class: 'desk-date-part' });
      w.append(el('label', { for: 'desk-cf-dob-' + part[0] }, part[1]),
        el('input', { id: 'desk-cf-dob-' + part[0], name: 'dob-' + part[0], type: 'text', inputmode: 'numeric', maxlength: part[2], size: part[2], autocomplete: part[3] }));
      dob.append(w);
    });
    var channels = el('fieldset', { class: 'desk-field', 'data-field': 'channels', 'aria-describedby': 'desk-cf-channels-hint' });
    channels.append(el('legend', { class: 'label' }, T.channels), el('p', { class: 'desk-hint', id: 'desk-cf-channels-hint' }, T.channelsHint));
    [['kakao', T.kakao], ['sms', T.sms], ['email', T.emailChannel]].forEach(function (c, i) {
      var w = el('div', { class: 'desk-check' });
      w.append(el('input', { type: 'checkbox', id: i === 0 ? 'desk-cf-channels' : 'desk-cf-channels-' + c[0], name: 'channels', value: c[0] }),
        el('label', { for: i === 0 ? 'desk-cf-channels' : 'desk-cf-channels-' + c[0] }, c[1]));
      channels.append(w);
    });
    var actions = el('div', { class: 'desk-actions' });
    var cancel = el('button', { type: 'button', class: 'button button-secondary', id: 'desk-cf-cancel' }, T.cancel);
    actions.append(el('button', { type: 'submit', class: 'button', id: 'desk-cf-continue' }, T.continue), cancel);
    form.append(
      textField('desk-cf-name', 'name', T.name, T.nameHint, { autocomplete: 'name', maxlength: '100' }),
      dob,
      textField('desk-cf-mobile', 'mobile', T.mobile, T.mobileHint, { type: 'tel', autocomplete: 'tel', maxlength: '32' }),
      textField('desk-cf-email', 'email', T.email, T.emailHint, { type: 'email', autocomplete: 'email', maxlength: '254', spellcheck: 'false' }),
      channels,
      actions,
    );

    var check = el('div', { class: 'desk-check-answers', id: 'desk-cf-check' });
    check.hidden = true;
    check.append(el('h4', { id: 'desk-cf-check-title', tabindex: '-1' }, T.checkTitle), el('dl', { class: 'desk-summary' }));
    var checkActions = el('div', { class: 'desk-actions' });
    checkActions.append(el('button', { type: 'button', class: 'button', id: 'desk-cf-submit' }, T.submit), el('button', { type: 'button', class: 'button button-secondary', id: 'desk-cf-check-cancel' }, T.cancel));
    check.append(checkActions);

    // The code step: the form reaches the agent only once a code sent to each new contact is typed back.
    var codes = el('div', { class: 'desk-codes', id: 'desk-cf-codes' });
    codes.hidden = true;
    var codesSummary = el('div', { class: 'desk-error-summary', id: 'desk-cf-codes-errors', tabindex: '-1', 'aria-labelledby': 'desk-cf-codes-errors-title' });
    codesSummary.append(el('h4', { id: 'desk-cf-codes-errors-title' }, T.problem), el('ul', { class: 'desk-error-list' }));
    codesSummary.hidden = true;
    var codesActions = el('div', { class: 'desk-actions' });
    codesActions.append(
      el('button', { type: 'submit', class: 'button', id: 'desk-cf-codes-confirm' }, T.confirmCodes),
      el('button', { type: 'button', class: 'button button-secondary', id: 'desk-cf-codes-resend' }, T.resendCodes),
      el('button', { type: 'button', class: 'button button-secondary', id: 'desk-cf-codes-cancel' }, T.cancel),
    );
    var codesForm = el('form', { id: 'desk-cf-codes-form', novalidate: '' });
    codesForm.append(codesSummary, el('p', { class: 'desk-hint', id: 'desk-cf-codes-lead' }, T.codesLead),
      el('p', { class: 'desk-notice', role: 'status', id: 'desk-cf-codes-notice' }), el('div', { id: 'desk-cf-codes-fields' }), codesActions);
    codes.append(el('h4', { id: 'desk-cf-codes-title', tabindex: '-1' }, T.codesTitle), codesForm);
    section.append(form, check, codes);
    return { section: section, form: form, summary: summary, check: check, codes: codes, codesForm: codesForm, codesSummary: codesSummary };
  }

  var FIELD_TARGET = { name: 'desk-cf-name', birthDate: 'desk-cf-dob-year', mobile: 'desk-cf-mobile', email: 'desk-cf-email', channels: 'desk-cf-channels' };
  var FIELD_LABEL = { name: T.name, birthDate: T.dob, mobile: T.mobile, email: T.email, channels: T.channels };
  function byId(id) { return document.getElementById(id); }

  function readForm() {
    var value = function (id) { return byId(id).value.trim(); };
    var pad = function (s) { return s.length === 1 ? '0' + s : s; };
    var y = value('desk-cf-dob-year'), mo = value('desk-cf-dob-month'), d = value('desk-cf-dob-day');
    return {
      name: value('desk-cf-name'),
      dob: { year: y, month: mo, day: d },
      birthDate: y + '-' + pad(mo) + '-' + pad(d),
      mobile: value('desk-cf-mobile'),
      email: value('desk-cf-email'),
      channels: Array.prototype.map.call(contact.form.querySelectorAll('input[name="channels"]:checked'), function (c) { return c.value; }),
    };
  }

  /** What the resident can be told before sending; the server checks the rest (a real date, lengths). */
  function validate(f) {
    var errors = [];
    if (!f.name) errors.push({ field: 'name', message: T.errName });
    if (!/^\d{4}$/.test(f.dob.year) || !/^\d{1,2}$/.test(f.dob.month) || !/^\d{1,2}$/.test(f.dob.day)) errors.push({ field: 'birthDate', message: T.errDob });
    if (f.mobile && !/^\+?[0-9 ().-]{9,20}$/.test(f.mobile)) errors.push({ field: 'mobile', message: T.errMobile });
    if (f.email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(f.email)) errors.push({ field: 'email', message: T.errEmail });
    if (!f.mobile && !f.email && f.channels.length === 0) errors.push({ field: 'mobile', message: T.errNothing });
    return errors;
  }

  function clearErrors() {
    contact.summary.hidden = true;
    contact.summary.querySelector('ul').textContent = '';
    Array.prototype.forEach.call(contact.form.querySelectorAll('.desk-field-error'), function (w) { w.classList.remove('desk-field-error'); });
    Array.prototype.forEach.call(contact.form.querySelectorAll('.desk-error-message'), function (p) { p.remove(); });
    Array.prototype.forEach.call(contact.form.querySelectorAll('[aria-invalid]'), function (i) { i.removeAttribute('aria-invalid'); });
    Array.prototype.forEach.call(contact.form.querySelectorAll('[aria-describedby]'), function (node) {
      node.setAttribute('aria-describedby', node.getAttribute('aria-describedby').replace(/\S+-error/g, '').trim());
    });
  }

  /** Shows errors at the top (each a link to its field) and by each field, and moves focus to the summary. */
  function showErrors(errors) {
    clearErrors();
    var list = contact.summary.querySelector('ul');
    errors.forEach(function (e) {
      var target = FIELD_TARGET[e.field];
      var item = el('li');
      if (target) {
        var a = el('a', { href: '#' + target }, e.message);
        a.addEventListener('click', function (ev) { ev.preventDefault(); byId(target).focus(); });
        item.append(a);
        var wrap = contact.form.querySelector('[data-field="' + e.field + '"]');
        if (wrap && !wrap.classList.contains('desk-field-error')) {
          wrap.classList.add('desk-field-error');
          var msgId = 'desk-cf-' + e.field + '-error';
          var msg = el('p', { class: 'desk-error-message', id: msgId });
          msg.append(el('span', { class: 'visually-hidden' }, T.problem + ': '), document.createTextNode(e.message));
          var hint = wrap.querySelector('.desk-hint');
          (hint || wrap.firstChild).after(msg);
          var described = wrap.tagName === 'FIELDSET' ? wrap : byId(target);
          described.setAttribute('aria-describedby', ((described.getAttribute('aria-describedby') || '') + ' ' + msgId).trim());
          wrap.querySelectorAll('input:not([type="checkbox"])').forEach(function (i) { i.setAttribute('aria-invalid', 'true'); });
        }
      } else item.textContent = e.message;
      list.append(item);
    });
    contact.check.hidden = true;
    contact.form.hidden = false;
    contact.summary.hidden = false;
    contact.summary.focus();
  }

  function showCheck(f) {
    var dl = contact.check.querySelector('dl');
    dl.textContent = '';
    var channelNames = { kakao: T.kakao, sms: T.sms, email: T.emailChannel };
    [
      ['name', f.name],
      ['birthDate', f.dob.year + '-' + f.dob.month + '-' + f.dob.day],
      ['mobile', f.mobile || T.none],
      ['email', f.email || T.none],
      ['channels', f.channels.length ? f.channels.map(function (c) { return channelNames[c]; }).join(', ') : T.none],
    ].forEach(function (row) {
      var line = el('div', { class: 'desk-summary-row' });
      var change = el('button', { type: 'button', class: 'desk-change', 'data-change': row[0] }, T.change);
      change.append(el('span', { class: 'visually-hidden' }, ' ' + FIELD_LABEL[row[0]]));
      var dd = el('dd');
      dd.append(change);
      line.append(el('dt', {}, FIELD_LABEL[row[0]]), el('dd', {}, row[1]), dd);
      dl.append(line);
    });
    contact.form.hidden = true;
    contact.check.hidden = false;
    byId('desk-cf-check-title').focus();
  }

  function openForm() {
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
  function closeForm() {
    formOpen = false;
    view();
    input.focus();
  }

  formOpenBtn.addEventListener('click', openForm);
  byId('desk-cf-cancel').addEventListener('click', closeForm);
  byId('desk-cf-check-cancel').addEventListener('click', closeForm);
  contact.form.addEventListener('submit', function (e) {
    e.preventDefault();
    var f = readForm();
    var errors = validate(f);
    if (errors.length) showErrors(errors); else { clearErrors(); showCheck(f); }
  });
  contact.check.addEventListener('click', function (e) {
    var field = e.target.closest && e.target.closest('[data-change]');
    if (!field) return;
    contact.check.hidden = true;
    contact.form.hidden = false;
    byId(FIELD_TARGET[field.getAttribute('data-change')]).focus();
  });

  /** A field the server named (name, birthDate, channels.0 …) to the form's field. */
  function serverField(path) {
    var top = String(path || '').split('.')[0];
    return FIELD_TARGET[top] ? top : null;
  }

  // ------------------------------------------------------------ the code step
  var pendingForm = null; // { formId, awaiting: [{ field, to }] }

  function codeInputId(field) { return 'desk-cf-code-' + field; }

  function showCodes(answer, resent) {
    pendingForm = { formId: answer.formId, awaiting: answer.awaiting };
    var fields = byId('desk-cf-codes-fields');
    fields.textContent = '';
    answer.awaiting.forEach(function (a) {
      var id = codeInputId(a.field);
      var wrap = el('div', { class: 'desk-field', 'data-code': a.field });
      wrap.append(el('label', { for: id, class: 'label' }, T.codeFor(a.to)), el('p', { class: 'desk-hint', id: id + '-hint' }, T.codeHint),
        el('input', { id: id, name: 'code-' + a.field, type: 'text', inputmode: 'numeric', autocomplete: 'one-time-code', maxlength: '8', 'aria-describedby': id + '-hint' }));
      fields.append(wrap);
    });
    contact.codesSummary.hidden = true;
    byId('desk-cf-codes-notice').textContent = resent ? T.codesResent : '';
    contact.form.hidden = true;
    contact.check.hidden = true;
    contact.codes.hidden = false;
    byId('desk-cf-codes-title').focus();
  }

  /** Errors of the code step: a summary that takes focus, each item a link to its code field, and the message by the field. */
  function showCodeErrors(errors) {
    var list = contact.codesSummary.querySelector('ul');
    list.textContent = '';
    Array.prototype.forEach.call(contact.codes.querySelectorAll('.desk-error-message'), function (p) { p.remove(); });
    Array.prototype.forEach.call(contact.codes.querySelectorAll('[data-code]'), function (w) {
      w.classList.remove('desk-field-error');
      var i = w.querySelector('input');
      i.removeAttribute('aria-invalid');
      i.setAttribute('aria-describedby', i.id + '-hint');
    });
    errors.forEach(function (e) {
      var item = el('li');
      var wrap = e.field && contact.codes.querySelector('[data-code="' + e.field + '"]');
      if (wrap) {
        var target = codeInputId(e.field);
        var a = el('a', { href: '#' + target }, e.message);
        a.addEventListener('click', function (ev) { ev.preventDefault(); byId(target).focus(); });
        item.append(a);
        wrap.classList.add('desk-field-error');
        var msg = el('p', { class: 'desk-error-message', id: target + '-error' });
        msg.append(el('span', { class: 'visually-hidden' }, T.problem + ': '), document.createTextNode(e.message));
        wrap.querySelector('.desk-hint').after(msg);
        var input = byId(target);
        input.setAttribute('aria-invalid', 'true');
        input.setAttribute('aria-describedby', target + '-hint ' + target + '-error');
      } else item.textContent = e.message;
      list.append(item);
    });
    contact.codesSummary.hidden = false;
    contact.codesSummary.focus();
  }

  function post(path, body) {
    return fetch(withLang(path), { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' }, body: JSON.stringify(body) })
      .then(function (r) { return r.json().catch(function () { return {}; }).then(function (json) { return { ok: r.ok, status: r.status, json: json }; }); });
  }

  function formPosted(messageId) {
    notice.textContent = T.formSent(reference(messageId));
    pendingForm = null;
    closeForm();
  }

  contact.codesForm.addEventListener('submit', function (e) {
    e.preventDefault();
    if (sending || !session || !pendingForm) return;
    var codes = {};
    var missing = [];
    pendingForm.awaiting.forEach(function (a) {
      var v = byId(codeInputId(a.field)).value.replace(/\s+/g, '');
      if (!/^\d{6}$/.test(v)) missing.push({ field: a.field, message: T.errCode });
      codes[a.field] = v;
    });
    if (missing.length) { showCodeErrors(missing); return; }
    sending = true;
    post('/r/desk/contact-form/confirm', { resumeToken: session.token, formId: pendingForm.formId, codes: codes })
      .then(function (answer) {
        if (answer.ok) { formPosted(answer.json.messageId); return; }
        var problems = Array.isArray(answer.json.errors) ? answer.json.errors : [];
        var mapped = problems.map(function (p) { return { field: String(p.field || '').replace(/^code\./, ''), message: p.reason }; });
        showCodeErrors(mapped.length ? mapped : [{ field: null, message: answer.json.detail || T.sendFailed }]);
      })
      .catch(function () { showCodeErrors([{ field: null, message: T.sendFailed }]); })
      .then(function () { sending = false; });
  });
  byId('desk-cf-codes-resend').addEventListener('click', function () {
    if (sending || !session || !pendingForm) return;
    sending = true;
    post('/r/desk/contact-form/resend', { resumeToken: session.token, formId: pendingForm.formId })
      .then(function (answer) {
        if (answer.ok) showCodes(answer.json, true);
        else showCodeErrors([{ field: null, message: answer.json.detail || T.sendFailed }]);
      })
      .catch(function () { showCodeErrors([{ field: null, message: T.sendFailed }]); })
      .then(function () { sending = false; });
  });
  byId('desk-cf-codes-cancel').addEventListener('click', function () { pendingForm = null; closeForm(); });

  var sending = false;
  byId('desk-cf-submit').addEventListener('click', function () {
    if (sending || !session) return;
    var f = readForm();
    var body = { resumeToken: session.token, name: f.name, birthDate: f.birthDate, channels: f.channels };
    if (f.mobile) body.mobile = f.mobile;
    if (f.email) body.email = f.email;
    sending = true;
    post('/r/desk/contact-form', body)
      .then(function (answer) {
        if (answer.ok) {
          // 202: codes went to the new contacts; 201: nothing to confirm, the form is with the agent.
          if (answer.json.messageId === null && Array.isArray(answer.json.awaiting)) showCodes(answer.json, false);
          else formPosted(answer.json.messageId);
          return;
        }
        var problems = Array.isArray(answer.json.errors) ? answer.json.errors : [];
        var mapped = problems.map(function (p) {
          var field = serverField(p.field);
          return field ? { field: field, message: FIELD_LABEL[field] + ': ' + p.reason } : null;
        }).filter(Boolean);
        showErrors(mapped.length ? mapped : [{ field: null, message: answer.json.detail || T.sendFailed }]);
      })
      .catch(function () { showErrors([{ field: null, message: T.sendFailed }]); })
      .then(function () { sending = false; });
  });

  view();
  if (session) connect(true);
})();
