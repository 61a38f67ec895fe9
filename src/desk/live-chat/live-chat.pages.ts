import type { FastifyRequest } from 'fastify';
import { html } from '../../platform/web/html.ts';
import { renderPage } from '../../platform/web/layout.ts';
import { deskAssetUrl } from '../desk.assets.ts';
import { CANNED_READ_ROLES, deskConsoleNav, deskConsoleStyles } from '../desk-console.layout.ts';

// /r/desk: what a resident without script gets from the widget's link.
// /console/desk: the agent console; desk-console.js drives it over the socket
// and the API (canned answers, applying contact-update forms, attachments).

export function residentDeskPage(request: FastifyRequest): string {
  const ko = request.locale === 'ko';
  return renderPage(request, {
    title: ko ? '상담원과 채팅' : 'Chat with an agent',
    body: html`<h1>${ko ? '상담원과 채팅' : 'Chat with an agent'}</h1>
<p>${ko
      ? '실시간 채팅에는 자바스크립트가 필요합니다. 브라우저에서 자바스크립트를 켜면 모든 페이지 아래쪽의 “상담원과 채팅” 버튼으로 상담을 시작할 수 있습니다.'
      : 'Live chat needs JavaScript. With JavaScript turned on, start a chat with the “Chat with an agent” button at the bottom of every page.'}</p>
<h2>${ko ? '다른 방법' : 'Other ways to reach us'}</h2>
<ul>
  <li>${ko ? '전화: 120 다산콜센터 (평일 9시–18시)' : 'Phone: 120 Dasan Call Center (weekdays 9:00–18:00)'}</li>
  <li><a href="/r/desk/offline?lang=${request.locale}">${ko ? '메시지 남기기 (답변은 문자 또는 이메일로 보내 드립니다)' : 'Leave a message (we answer by text message or e-mail)'}</a></li>
</ul>`,
  });
}

export function agentConsolePage(request: FastifyRequest): string {
  const ko = request.locale === 'ko';
  const staff = request.staff!;
  return renderPage(request, {
    title: ko ? '상담 창구' : 'Live desk',
    body: html`${deskConsoleStyles()}
<script src="${deskAssetUrl('desk-console.js')}" defer></script>
${deskConsoleNav(request, 'live')}
<h1>${ko ? '상담 창구' : 'Live desk'}</h1>
<noscript><p>${ko ? '상담 창구에는 자바스크립트가 필요합니다.' : 'The live desk needs JavaScript.'}</p></noscript>
<div id="desk-console" class="desk-console" data-csrf="${request.staffSession?.csrfToken ?? ''}" data-staff-id="${staff.id}" data-locale="${request.locale}" data-canned="${CANNED_READ_ROLES.includes(staff.role) ? 'read' : 'none'}">
  <section class="desk-panel" aria-labelledby="desk-status-heading">
    <h2 id="desk-status-heading">${ko ? '내 상태' : 'My status'}</h2>
    <p id="desk-status-text" role="status">${ko ? '연결 중…' : 'Connecting…'}</p>
    <button type="button" class="button" id="desk-availability" aria-pressed="false">${ko ? '상담 가능' : 'Available'}</button>
  </section>
  <section class="desk-panel" aria-labelledby="desk-waiting-heading">
    <h2 id="desk-waiting-heading">${ko ? '대기 중인 대화' : 'Waiting'}</h2>
    <ol id="desk-waiting" class="desk-list"></ol>
    <p id="desk-waiting-empty">${ko ? '대기 중인 대화가 없습니다.' : 'No one is waiting.'}</p>
  </section>
  <section class="desk-panel" aria-labelledby="desk-mine-heading">
    <h2 id="desk-mine-heading">${ko ? '내 대화' : 'My conversations'}</h2>
    <ul id="desk-mine" class="desk-list"></ul>
    <p id="desk-mine-empty">${ko ? '맡은 대화가 없습니다.' : 'You have no conversations.'}</p>
  </section>
  <section class="desk-panel desk-conversation" id="desk-conversation" aria-labelledby="desk-conversation-heading" hidden>
    <h2 id="desk-conversation-heading" tabindex="-1"></h2>
    <p id="desk-conversation-meta"></p>
    <div id="desk-messages" class="desk-messages" role="log" aria-live="polite" aria-labelledby="desk-conversation-heading"></div>
    <p id="desk-typing" class="desk-typing" aria-live="polite"></p>
    <p id="desk-read" class="desk-read"></p>
    <p id="desk-error" class="error-message" role="alert"></p>
    <div id="desk-canned" class="desk-canned" hidden>
      <div class="field">
        <label class="label" for="desk-canned-select">${ko ? '준비된 답변' : 'Canned answer'}</label>
        <p class="hint" id="desk-canned-hint">${ko ? '고른 답변을 대화의 언어로 메시지 칸에 넣습니다. 보내기 전에 고칠 수 있습니다.' : "Puts the chosen answer, in the conversation's language, into the message box. You can edit it before sending."}</p>
        <select class="select" id="desk-canned-select" aria-describedby="desk-canned-hint"></select>
      </div>
      <button type="button" class="button button-secondary" id="desk-canned-insert">${ko ? '메시지 칸에 넣기' : 'Insert into message'}</button>
    </div>
    <p id="desk-canned-none" hidden>${ko ? '준비된 답변이 아직 없습니다.' : 'There are no canned answers yet.'} <a href="/console/desk/canned-answers?lang=${request.locale}">${ko ? '준비된 답변 보기' : 'See canned answers'}</a></p>
    <form id="desk-compose" class="desk-compose" novalidate>
      <div class="field">
        <label class="label" for="desk-body">${ko ? '메시지' : 'Message'}</label>
        <textarea class="textarea" id="desk-body" name="body" rows="3" maxlength="2000"></textarea>
      </div>
      <div class="field">
        <input type="checkbox" id="desk-note" name="note">
        <label for="desk-note">${ko ? '내부 메모 (주민에게 보내지 않음)' : 'Internal note (never sent to the resident)'}</label>
      </div>
      <button type="submit" class="button">${ko ? '보내기' : 'Send'}</button>
    </form>
    <form id="desk-link" class="desk-link" novalidate>
      <fieldset>
        <legend>${ko ? '납세자 연결' : 'Link a taxpayer'}</legend>
        <p class="hint" id="desk-link-hint">${ko ? '납세자번호, 또는 이름과 생년월일로 찾습니다.' : 'Find by taxpayer number, or by name and date of birth.'}</p>
        <div class="field"><label class="label" for="desk-link-no">${ko ? '납세자번호' : 'Taxpayer number'}</label><input class="input" id="desk-link-no" name="taxpayerNo" aria-describedby="desk-link-hint"></div>
        <div class="field"><label class="label" for="desk-link-name">${ko ? '이름' : 'Name'}</label><input class="input" id="desk-link-name" name="name"></div>
        <div class="field"><label class="label" for="desk-link-dob">${ko ? '생년월일 (YYYY-MM-DD)' : 'Date of birth (YYYY-MM-DD)'}</label><input class="input" id="desk-link-dob" name="birthDate"></div>
        <button type="submit" class="button button-secondary">${ko ? '찾아서 연결' : 'Find and link'}</button>
      </fieldset>
      <p id="desk-linked" role="status"></p>
    </form>
    <form id="desk-transfer" class="desk-transfer" novalidate>
      <div class="field">
        <label class="label" for="desk-transfer-to">${ko ? '다른 상담원에게 넘기기' : 'Transfer to another agent'}</label>
        <select class="select" id="desk-transfer-to" name="toStaffId"></select>
      </div>
      <button type="submit" class="button button-secondary">${ko ? '넘기기' : 'Transfer'}</button>
    </form>
    <button type="button" class="button button-warning" id="desk-close">${ko ? '대화 종료' : 'Close conversation'}</button>
  </section>
</div>`,
  });
}
