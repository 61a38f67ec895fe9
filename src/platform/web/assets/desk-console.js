// Agent console for the live desk: queue and conversations over
// /console/desk/socket, actions over /api/desk/* with the session's CSRF
// token. User text is only ever set with textContent.
(function () {
  'use strict';
  var root = document.getElementById('desk-console');
  if (!root) return;
  var lang = root.getAttribute('data-locale') === 'en' ? 'en' : 'ko';
  var csrf = root.getAttribute('data-csrf');
  var me = Number(root.getAttribute('data-staff-id'));
  var T = {
    ko: {
      available: '상담 가능', away: '자리 비움', nowAvailable: '지금 상담 가능 상태입니다.', nowAway: '지금 자리 비움 상태입니다.',
      becomeAvailable: '상담 가능으로 전환', becomeAway: '자리 비움으로 전환', pick: '맡기', open: '열기', conv: '대화', web: '웹', messenger: '메신저',
      waitingSince: '대기 시작', resident: '주민', agent: '상담원', system: '안내', note: '메모', typing: '주민이 입력 중입니다…', read: '주민이 읽었습니다.',
      assigned: '상담원이 연결되었습니다.', transferred: '다른 상담원에게 넘겼습니다.', closed: '대화가 종료되었습니다.', linked: '연결된 납세자', noTarget: '넘길 상담원이 없습니다.',
      reconnecting: '연결이 끊겼습니다. 다시 연결하는 중…', unread: '새 메시지', state: { waiting: '대기 중', assigned: '상담 중', closed: '종료' },
    },
    en: {
      available: 'Available', away: 'Away', nowAvailable: 'You are available.', nowAway: 'You are away.',
      becomeAvailable: 'Become available', becomeAway: 'Go away', pick: 'Take', open: 'Open', conv: 'Conversation', web: 'web', messenger: 'messenger',
      waitingSince: 'waiting since', resident: 'Resident', agent: 'Agent', system: 'Notice', note: 'Note', typing: 'The resident is typing…', read: 'The resident has read your messages.',
      assigned: 'An agent has joined.', transferred: 'Transferred to another agent.', closed: 'The conversation has ended.', linked: 'Linked taxpayer', noTarget: 'No other agent to transfer to.',
      reconnecting: 'Connection lost. Reconnecting…', unread: 'new', state: { waiting: 'waiting', assigned: 'in progress', closed: 'closed' },
    },
  }[lang];
  var $ = function (id) { return document.getElementById(id); };
  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    for (var k in attrs || {}) node.setAttribute(k, attrs[k]);
    if (text !== undefined) node.textContent = text;
    return node;
  }
  function api(method, path, body) {
    return fetch(path, { method: method, headers: { 'content-type': 'application/json', 'x-csrf-token': csrf, accept: 'application/json' }, body: method === 'GET' ? undefined : JSON.stringify(body === undefined ? {} : body) })
      .then(function (r) { return r.json().then(function (j) { if (!r.ok) throw j; return j; }); });
  }
  function showError(problem) { $('desk-error').textContent = (problem && (problem.detail || problem.title)) || String(problem); }

  var socket = null, retry = 0, queue = null, current = null, lastId = 0, seen = {}, status = 'away';

  function renderQueue() {
    if (!queue) return;
    status = queue.me.status;
    var avail = status === 'available';
    $('desk-status-text').textContent = avail ? T.nowAvailable : T.nowAway;
    var btn = $('desk-availability');
    btn.setAttribute('aria-pressed', String(avail));
    btn.textContent = avail ? T.becomeAway : T.becomeAvailable;
    var waiting = $('desk-waiting'), mine = $('desk-mine');
    waiting.textContent = ''; mine.textContent = '';
    queue.items.forEach(function (c) {
      var label = T.conv + ' ' + c.id + ' · ' + T[c.source] + ' · ' + c.locale.toUpperCase();
      if (c.state === 'waiting') {
        var li = el('li'); li.append(el('span', {}, label));
        var b = el('button', { type: 'button', class: 'button button-small', 'data-pick': String(c.id) }, T.pick);
        b.setAttribute('aria-label', T.pick + ': ' + label);
        li.append(b); waiting.append(li);
      } else if (c.assignedStaffId === me) {
        var li2 = el('li'); var unread = c.lastMessageId > c.agentReadId && (!current || current.id !== c.id);
        li2.append(el('span', {}, label + (unread ? ' (' + T.unread + ')' : '')));
        var o = el('button', { type: 'button', class: 'button button-secondary button-small', 'data-open': String(c.id) }, T.open);
        o.setAttribute('aria-label', T.open + ': ' + label);
        li2.append(o); mine.append(li2);
      }
    });
    $('desk-waiting-empty').hidden = waiting.children.length > 0;
    $('desk-mine-empty').hidden = mine.children.length > 0;
    var select = $('desk-transfer-to'); select.textContent = '';
    queue.agents.forEach(function (a) { if (a.id !== me) select.append(el('option', { value: String(a.id) }, a.name + ' (' + T[a.status] + ')')); });
  }

  function addMessage(m) {
    if (!current || m.conversationId !== current.id || seen[m.id]) return;
    seen[m.id] = true; lastId = Math.max(lastId, m.id);
    var cls = m.kind === 'note' ? 'desk-note' : 'desk-' + m.authorType;
    var p = el('p', { class: cls, 'data-id': String(m.id) });
    var who = m.kind === 'note' ? T.note : m.authorType === 'resident' ? T.resident : m.authorType === 'agent' ? T.agent : T.system;
    var text = m.kind === 'event' ? (T[m.body] || m.body) : m.body;
    p.append(el('span', { class: 'desk-who' }, who + ': '), el('span', { class: 'desk-body' }, text));
    $('desk-messages').append(p);
    $('desk-messages').scrollTop = 1e9;
    if (m.authorType === 'resident') $('desk-typing').textContent = '';
    send({ type: 'read', conversationId: current.id, upTo: lastId });
  }

  function openConversation(id) {
    if (current && socket && socket.readyState === 1) send({ type: 'unwatch', conversationId: current.id });
    current = { id: id }; lastId = 0; seen = {};
    $('desk-messages').textContent = ''; $('desk-typing').textContent = ''; $('desk-read').textContent = ''; $('desk-error').textContent = ''; $('desk-linked').textContent = '';
    $('desk-conversation').hidden = false;
    $('desk-conversation-heading').textContent = T.conv + ' ' + id;
    send({ type: 'watch', conversationId: id, after: 0 });
    $('desk-conversation-heading').focus();
  }

  function send(frame) { if (socket && socket.readyState === 1) socket.send(JSON.stringify(frame)); }

  function connect() {
    var ws = new WebSocket((location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/console/desk/socket');
    socket = ws;
    ws.onopen = function () { retry = 0; if (current) send({ type: 'watch', conversationId: current.id, after: lastId }); };
    ws.onmessage = function (event) {
      var f; try { f = JSON.parse(event.data); } catch (e) { return; }
      if (f.type === 'queue') { queue = f; renderQueue(); }
      else if (f.type === 'message') addMessage(f);
      else if (f.type === 'watching' && current && f.conversationId === current.id) {
        $('desk-conversation-meta').textContent = T.state[f.state] + (f.taxpayerId ? ' · ' + T.linked + ' #' + f.taxpayerId : '');
      } else if (f.type === 'typing' && current && f.conversationId === current.id) $('desk-typing').textContent = T.typing;
      else if (f.type === 'read' && current && f.conversationId === current.id) $('desk-read').textContent = f.upTo >= lastId ? T.read : '';
      else if (f.type === 'error') $('desk-error').textContent = f.message[lang];
    };
    ws.onclose = function () {
      socket = null; $('desk-status-text').textContent = T.reconnecting;
      retry = Math.min(retry + 1, 5);
      setTimeout(connect, 500 * Math.pow(2, retry - 1));
    };
  }

  $('desk-availability').addEventListener('click', function () {
    api('PUT', '/api/desk/status', { status: status === 'available' ? 'away' : 'available' }).catch(showError);
  });
  root.addEventListener('click', function (e) {
    var t = e.target;
    if (!(t instanceof HTMLElement)) return;
    var pick = t.getAttribute('data-pick'), open = t.getAttribute('data-open');
    if (pick) api('POST', '/api/desk/conversations/' + pick + '/pick').then(function () { openConversation(Number(pick)); }).catch(showError);
    if (open) openConversation(Number(open));
  });
  $('desk-compose').addEventListener('submit', function (e) {
    e.preventDefault();
    var body = $('desk-body').value.trim();
    if (!current || !body) return;
    send({ type: 'send', conversationId: current.id, body: body, note: $('desk-note').checked });
    $('desk-body').value = ''; $('desk-body').focus();
  });
  var lastTyping = 0;
  $('desk-body').addEventListener('input', function () {
    if (current && !$('desk-note').checked && Date.now() - lastTyping > 3000) { lastTyping = Date.now(); send({ type: 'typing', conversationId: current.id }); }
  });
  $('desk-link').addEventListener('submit', function (e) {
    e.preventDefault();
    if (!current) return;
    var no = $('desk-link-no').value.trim();
    var body = no ? { taxpayerNo: no } : { name: $('desk-link-name').value.trim(), birthDate: $('desk-link-dob').value.trim() };
    api('POST', '/api/desk/conversations/' + current.id + '/taxpayer', body).then(function (r) {
      $('desk-linked').textContent = T.linked + ': ' + r.taxpayer.name + ' (' + r.taxpayer.taxpayerNo + ')';
      $('desk-conversation-meta').textContent = T.linked + ' #' + r.taxpayer.id;
    }).catch(showError);
  });
  $('desk-transfer').addEventListener('submit', function (e) {
    e.preventDefault();
    var to = Number($('desk-transfer-to').value);
    if (!current) return;
    if (!to) { $('desk-error').textContent = T.noTarget; return; }
    api('POST', '/api/desk/conversations/' + current.id + '/transfer', { toStaffId: to }).catch(showError);
  });
  $('desk-close').addEventListener('click', function () {
    if (current) api('POST', '/api/desk/conversations/' + current.id + '/close').catch(showError);
  });
  connect();
})();
