// Live chat widget on resident pages. Without script the server-rendered link
// to /r/desk stays; with it, a button opens a dialog that talks to
// /r/desk/socket. User text is only ever set with textContent.
(function () {
  'use strict';
  var root = document.querySelector('[data-desk-widget]');
  if (!root || !window.WebSocket) return;
  var lang = document.documentElement.lang === 'en' ? 'en' : 'ko';
  var T = {
    ko: {
      open: '상담원과 채팅', title: '상담원과 채팅', close: '채팅 창 닫기', district: '어느 구에 문의하시나요?', start: '채팅 시작',
      message: '메시지', send: '보내기', end: '대화 끝내기', you: '나', agent: '상담원', system: '안내',
      waiting: function (p, m) { return '대기 순서 ' + p + '번째, 예상 대기 시간 약 ' + m + '분입니다.'; },
      assigned: '상담원이 연결되었습니다.', transferred: '다른 상담원에게 연결되었습니다.', closed: '대화가 종료되었습니다.',
      connecting: '연결 중…', reconnecting: '연결이 끊겼습니다. 다시 연결하는 중…', typing: '상담원이 입력 중입니다…', read: '상담원이 읽었습니다.',
      newChat: '새 대화 시작', unread: '새 메시지', loadError: '구 목록을 불러오지 못했습니다. 잠시 후 다시 시도해 주세요.', empty: '메시지를 입력해 주세요.',
    },
    en: {
      open: 'Chat with an agent', title: 'Chat with an agent', close: 'Close the chat window', district: 'Which district is your question for?', start: 'Start chat',
      message: 'Message', send: 'Send', end: 'End conversation', you: 'You', agent: 'Agent', system: 'Notice',
      waiting: function (p, m) { return 'You are number ' + p + ' in the queue. Estimated wait: about ' + m + ' min.'; },
      assigned: 'An agent has joined.', transferred: 'You have been passed to another agent.', closed: 'The conversation has ended.',
      connecting: 'Connecting…', reconnecting: 'Connection lost. Reconnecting…', typing: 'The agent is typing…', read: 'The agent has read your messages.',
      newChat: 'Start a new conversation', unread: 'new messages', loadError: 'Could not load the districts. Please try again shortly.', empty: 'Type a message first.',
    },
  }[lang];
  var STORE = 'taxstation.desk';

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    for (var k in attrs || {}) node.setAttribute(k, attrs[k]);
    if (text !== undefined) node.textContent = text;
    return node;
  }

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
  var startBtn = el('button', { type: 'submit', class: 'button' }, T.start);
  startForm.append(fieldset, startBtn);
  var log = el('div', { class: 'desk-log', role: 'log', 'aria-live': 'polite', 'aria-label': T.title, id: 'desk-log' });
  var typing = el('p', { class: 'desk-typing', id: 'desk-typing' });
  var readMark = el('p', { class: 'desk-read', id: 'desk-read' });
  var error = el('p', { class: 'desk-error', role: 'alert', id: 'desk-error' });
  var compose = el('form', { class: 'desk-compose', novalidate: '' });
  var label = el('label', { for: 'desk-input', class: 'label' }, T.message);
  var input = el('textarea', { id: 'desk-input', name: 'body', rows: '2', maxlength: '2000' });
  var sendBtn = el('button', { type: 'submit', class: 'button' }, T.send);
  var endBtn = el('button', { type: 'button', class: 'button button-secondary desk-end' }, T.end);
  compose.append(label, input, sendBtn, endBtn);
  var newBtn = el('button', { type: 'button', class: 'button desk-new' }, T.newChat);
  dialog.append(head, status, startForm, log, typing, readMark, error, compose, newBtn);
  root.textContent = '';
  root.append(launcher, dialog);

  var socket = null;
  var session = null; // { token, after }
  var lastId = 0;
  var state = null;
  var retry = 0;
  var unread = 0;
  var seen = {};
  try { session = JSON.parse(localStorage.getItem(STORE) || 'null'); } catch (e) { session = null; }

  function save() {
    try { if (session) localStorage.setItem(STORE, JSON.stringify({ token: session.token, after: lastId })); else localStorage.removeItem(STORE); } catch (e) { /* private mode */ }
  }

  function view() {
    var inChat = !!session;
    startForm.hidden = inChat;
    log.hidden = !inChat;
    compose.hidden = !inChat || state === 'closed';
    newBtn.hidden = state !== 'closed';
    launcher.textContent = unread > 0 && !dialog.open ? T.open + ' (' + unread + ' ' + T.unread + ')' : T.open;
  }

  function addMessage(m) {
    if (seen[m.id]) return;
    seen[m.id] = true;
    lastId = Math.max(lastId, m.id);
    var li = el('p', { class: 'desk-msg desk-' + m.authorType, 'data-id': String(m.id) });
    var text;
    if (m.kind === 'event') {
      text = m.body === 'assigned' ? T.assigned : m.body === 'transferred' ? T.transferred : m.body === 'closed' ? T.closed : m.body;
      li.append(el('span', { class: 'desk-who' }, T.system + ': '), el('span', { class: 'desk-body' }, text));
    } else {
      li.append(el('span', { class: 'desk-who' }, (m.authorType === 'resident' ? T.you : m.authorType === 'agent' ? T.agent : T.system) + ': '), el('span', { class: 'desk-body' }, m.body));
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
    session = null; lastId = 0; state = null; seen = {}; log.textContent = ''; status.textContent = ''; readMark.textContent = ''; save();
    if (socket) { var s = socket; socket = null; s.onclose = null; s.close(); }
    view(); focusStart(); loadDistricts();
  });

  view();
  if (session) connect(true);
})();
