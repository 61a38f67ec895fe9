// Agent console for the live desk: queue and conversations over
// /console/desk/socket, actions over /api/desk/* with the session's CSRF
// token (canned answers, applying a resident's contact-update form — its new
// contacts shown masked, confirmed by codes — attachments). User text is
// only ever set with textContent.
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
      contact_updated: '연락처 변경 요청을 반영했습니다.',
      fName: '이름', fBirth: '생년월일', fMobile: '새 휴대전화', fEmail: '새 이메일', fChannels: '받을 채널', ch: { kakao: '카카오톡', sms: '문자', email: '이메일' },
      applyNo: '납세자번호 (같은 이름·생년월일이 여럿일 때만)', apply: '적용하기: 연락처 변경', applying: '반영하는 중…',
      applied: '납세자 #{id}에 반영했습니다. 바뀐 항목: {fields}.', appliedNone: '납세자 #{id}에 반영했습니다. 바뀐 항목이 없습니다.', resent: '전달되지 않은 고지 {n}건을 다시 보냅니다.', alreadyApplied: '이 요청은 반영되었습니다.',
      field: { mobile: '휴대전화', email: '이메일', enrol_kakao: '카카오톡 수신', enrol_sms: '문자 수신', enrol_email: '이메일 수신' },
      attachment: '첨부파일', download: '내려받기', kb: 'KB', mb: 'MB',
      confirmed: '새 연락처는 주민이 인증번호로 확인했습니다.',
      legacy: '인증번호 확인 전에 보낸 요청이라 반영할 수 없습니다. 주민에게 양식을 다시 보내 달라고 하세요.',
    },
    en: {
      available: 'Available', away: 'Away', nowAvailable: 'You are available.', nowAway: 'You are away.',
      becomeAvailable: 'Become available', becomeAway: 'Go away', pick: 'Take', open: 'Open', conv: 'Conversation', web: 'web', messenger: 'messenger',
      waitingSince: 'waiting since', resident: 'Resident', agent: 'Agent', system: 'Notice', note: 'Note', typing: 'The resident is typing…', read: 'The resident has read your messages.',
      assigned: 'An agent has joined.', transferred: 'Transferred to another agent.', closed: 'The conversation has ended.', linked: 'Linked taxpayer', noTarget: 'No other agent to transfer to.',
      reconnecting: 'Connection lost. Reconnecting…', unread: 'new', state: { waiting: 'waiting', assigned: 'in progress', closed: 'closed' },
      contact_updated: 'The contact update request has been applied.',
      fName: 'Name', fBirth: 'Date of birth', fMobile: 'New mobile', fEmail: 'New e-mail', fChannels: 'Channels', ch: { kakao: 'KakaoTalk', sms: 'Text message', email: 'E-mail' },
      applyNo: 'Taxpayer number (only when several share the name and date of birth)', apply: 'Apply contact update', applying: 'Applying…',
      applied: 'Applied to taxpayer #{id}. Changed: {fields}.', appliedNone: 'Applied to taxpayer #{id}. Nothing needed changing.', resent: '{n} undelivered notices are being sent again.', alreadyApplied: 'This request has been applied.',
      field: { mobile: 'mobile', email: 'e-mail', enrol_kakao: 'KakaoTalk enrolment', enrol_sms: 'text message enrolment', enrol_email: 'e-mail enrolment' },
      attachment: 'Attachment', download: 'Download', kb: 'KB', mb: 'MB',
      confirmed: 'The resident confirmed the new contacts with the codes sent to them.',
      legacy: 'Sent before new contacts had to be confirmed with a code: it cannot be applied. Ask the resident to send the form again.',
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
  function problemText(problem) { return (problem && (problem.detail || problem.title)) || String(problem); }
  function showError(problem) { $('desk-error').textContent = problemText(problem); }
  function fill(text, vars) { return text.replace(/\{(\w+)\}/g, function (all, k) { return k in vars ? String(vars[k]) : all; }); }

  var socket = null, retry = 0, queue = null, current = null, lastId = 0, seen = {}, status = 'away', canned = [];

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

  // A resident's contact-update form: what they asked for, and one action
  // that applies it through the official path (POST …/apply).
  function formMessage(m, who) {
    var f = m.payload, box = el('div', { class: 'desk-form', id: 'desk-form-' + m.id, 'data-id': String(m.id) });
    var head = el('p'); head.append(el('span', { class: 'desk-who' }, who + ': '), el('span', { class: 'desk-body' }, m.body));
    var dl = el('dl', { class: 'desk-form-fields' });
    var rows = [[T.fName, f.name], [T.fBirth, f.birthDate], [T.fMobile, f.mobile], [T.fEmail, f.email],
      [T.fChannels, (f.channels || []).map(function (c) { return T.ch[c] || c; }).join(', ')]];
    rows.forEach(function (r) { if (r[1]) dl.append(el('dt', {}, r[0]), el('dd', {}, r[1])); });
    // Forms sent before codes were required are shown (masked) but cannot be applied.
    if (f.legacy) {
      box.append(head, dl, el('p', { class: 'desk-form-legacy', id: 'desk-form-legacy-' + m.id }, T.legacy));
      return box;
    }
    var noId = 'desk-apply-no-' + m.id;
    var form = el('form', { class: 'desk-apply', novalidate: '' });
    var field = el('div', { class: 'field' });
    field.append(el('label', { class: 'label', for: noId }, T.applyNo), el('input', { class: 'input', id: noId, name: 'taxpayerNo', autocomplete: 'off' }));
    var button = el('button', { type: 'submit', class: 'button', id: 'desk-apply-' + m.id }, T.apply);
    var result = el('p', { class: 'desk-apply-result', role: 'status', id: 'desk-apply-result-' + m.id, tabindex: '-1' });
    var problem = el('p', { class: 'error-message', role: 'alert', id: 'desk-apply-error-' + m.id });
    form.append(field, button);
    box.append(head, dl);
    if (f.confirmed) box.append(el('p', { class: 'desk-form-confirmed' }, T.confirmed));
    box.append(form, result, problem);
    form.addEventListener('submit', function (e) {
      e.preventDefault();
      if (!current || button.disabled) return;
      var no = $(noId).value.trim();
      problem.textContent = ''; result.textContent = T.applying; button.disabled = true;
      api('POST', '/api/desk/conversations/' + current.id + '/contact-requests/' + m.id + '/apply', no ? { taxpayerNo: no } : {}).then(function (r) {
        var fields = r.changedFields.map(function (c) { return T.field[c] || c; }).join(', ');
        result.textContent = fill(fields ? T.applied : T.appliedNone, { id: r.taxpayerId, fields: fields }) + (r.resentMessageIds.length ? ' ' + fill(T.resent, { n: r.resentMessageIds.length }) : '');
        markApplied(box);
        result.focus();
      }).catch(function (p) {
        result.textContent = ''; problem.textContent = problemText(p);
        if (p && p.code === 'form_already_applied') markApplied(box); else button.disabled = false;
      });
    });
    return box;
  }
  function markApplied(box) {
    if (!box) return;
    var form = box.querySelector('form');
    if (form) form.hidden = true;
    var result = box.querySelector('.desk-apply-result');
    if (result && !result.textContent) result.textContent = T.alreadyApplied;
  }

  function sizeText(bytes) {
    return bytes >= 1048576 ? (Math.round(bytes / 104857.6) / 10) + ' ' + T.mb : Math.max(1, Math.round(bytes / 1024)) + ' ' + T.kb;
  }
  function typeText(contentType) { return contentType === 'application/pdf' ? 'PDF' : String(contentType).replace('image/', '').toUpperCase(); }

  function attachmentMessage(m, cls, who) {
    var a = m.payload, p = el('p', { class: cls + ' desk-attachment', 'data-id': String(m.id) });
    var link = el('a', { href: '/api/desk/attachments/' + encodeURIComponent(a.attachmentId), download: a.fileName }, a.fileName);
    p.append(el('span', { class: 'desk-who' }, who + ': '), el('span', { class: 'desk-body' }, T.attachment + ' '), link,
      el('span', { class: 'desk-file-meta' }, ' (' + typeText(a.contentType) + ', ' + sizeText(a.sizeBytes) + ')'));
    if (m.body && m.body !== a.fileName) p.append(el('span', { class: 'desk-caption' }, ' ' + m.body));
    return p;
  }

  function messageNode(m) {
    var cls = m.kind === 'note' ? 'desk-note' : 'desk-' + m.authorType;
    var who = m.kind === 'note' ? T.note : m.authorType === 'resident' ? T.resident : m.authorType === 'agent' ? T.agent : T.system;
    var payload = m.payload || {};
    if (m.kind === 'form' && payload.form === 'contact_update') return formMessage(m, who);
    if (m.kind === 'attachment' && payload.attachmentId) return attachmentMessage(m, cls, who);
    var p = el('p', { class: cls, 'data-id': String(m.id) });
    var text = m.kind === 'event' ? (T[m.body] || m.body) : m.body;
    p.append(el('span', { class: 'desk-who' }, who + ': '), el('span', { class: 'desk-body' }, text));
    return p;
  }

  function addMessage(m) {
    if (!current || m.conversationId !== current.id || seen[m.id]) return;
    seen[m.id] = true; lastId = Math.max(lastId, m.id);
    $('desk-messages').append(messageNode(m));
    if (m.kind === 'event' && m.payload && m.payload.event === 'contact_updated') markApplied($('desk-form-' + m.payload.formMessageId));
    $('desk-messages').scrollTop = 1e9;
    if (m.authorType === 'resident') $('desk-typing').textContent = '';
    send({ type: 'read', conversationId: current.id, upTo: lastId });
  }

  // Canned answers of the district; a role that may not read them has no picker.
  function loadCanned() {
    if (root.getAttribute('data-canned') !== 'read') return;
    api('GET', '/api/desk/canned-answers').then(function (r) {
      canned = r.answers;
      var select = $('desk-canned-select'), chosen = select.value;
      select.textContent = '';
      canned.forEach(function (a) { select.append(el('option', { value: String(a.id) }, a.title)); });
      if (chosen) select.value = chosen;
      $('desk-canned').hidden = canned.length === 0;
      $('desk-canned-none').hidden = canned.length > 0;
    }).catch(function () { $('desk-canned').hidden = true; });
  }

  function insertCanned() {
    var id = $('desk-canned-select').value, answer = null;
    canned.forEach(function (a) { if (String(a.id) === id) answer = a; });
    if (!answer) return;
    var locale = (current && current.locale) || lang;
    var text = locale === 'en' ? answer.bodyEn : answer.bodyKo;
    var box = $('desk-body'), start = box.selectionStart, end = box.selectionEnd;
    box.value = box.value.slice(0, start) + text + box.value.slice(end);
    box.focus();
    box.setSelectionRange(start + text.length, start + text.length);
  }

  function openConversation(id) {
    if (current && socket && socket.readyState === 1) send({ type: 'unwatch', conversationId: current.id });
    var item = queue && queue.items.filter(function (c) { return c.id === id; })[0];
    current = { id: id, locale: item ? item.locale : null }; lastId = 0; seen = {};
    $('desk-messages').textContent = ''; $('desk-typing').textContent = ''; $('desk-read').textContent = ''; $('desk-error').textContent = ''; $('desk-linked').textContent = '';
    $('desk-conversation').hidden = false;
    $('desk-conversation-heading').textContent = T.conv + ' ' + id;
    send({ type: 'watch', conversationId: id, after: 0 });
    loadCanned();
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

  $('desk-canned-insert').addEventListener('click', insertCanned);
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
