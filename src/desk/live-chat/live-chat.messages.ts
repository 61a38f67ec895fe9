import { defineMessages } from '../../platform/i18n/i18n.ts';

// Words of the live chat's pages: /r/desk (what a resident without script
// gets) and the agent console's frame (/console/desk; desk-console.js fills
// it and keeps its own words), and what its API answers.

export const liveChatMessages = defineMessages({
  resident_needs_script: { ko: '실시간 채팅에는 자바스크립트가 필요합니다. 브라우저에서 자바스크립트를 켜고 이 페이지를 다시 열거나, 아래의 다른 방법으로 문의해 주세요.', en: 'Live chat needs JavaScript. Turn JavaScript on and open this page again, or reach us in one of the other ways below.' },
  resident_lead: { ko: '세무 담당 상담원과 실시간으로 채팅합니다. 상담 시간이 아니면 메시지를 남겨 주시면 문자나 이메일로 답변을 보내 드립니다.', en: 'Chat live with a member of the tax office. Outside opening hours, leave a message and we will answer by text message or e-mail.' },
  resident_title: { ko: '상담원과 채팅', en: 'Chat with an agent' },
  resident_other_ways: { ko: '다른 방법', en: 'Other ways to reach us' },
  resident_phone: { ko: '전화: 120 다산콜센터 (평일 9시–18시)', en: 'Phone: 120 Dasan Call Center (weekdays 9:00–18:00)' },
  resident_offline_link: { ko: '메시지 남기기 (답변은 문자 또는 이메일로 보내 드립니다)', en: 'Leave a message (we answer by text message or e-mail)' },
  console_title: { ko: '상담 창구', en: 'Live desk' },
  console_needs_script: { ko: '상담 창구에는 자바스크립트가 필요합니다.', en: 'The live desk needs JavaScript.' },
  status_heading: { ko: '내 상태', en: 'My status' },
  status_connecting: { ko: '연결 중…', en: 'Connecting…' },
  availability: { ko: '상담 가능', en: 'Available' },
  waiting_heading: { ko: '대기 중인 대화', en: 'Waiting' },
  waiting_empty: { ko: '대기 중인 대화가 없습니다.', en: 'No one is waiting.' },
  mine_heading: { ko: '내 대화', en: 'My conversations' },
  mine_empty: { ko: '맡은 대화가 없습니다.', en: 'You have no conversations.' },
  canned_label: { ko: '준비된 답변', en: 'Canned answer' },
  canned_hint: { ko: '고른 답변을 대화의 언어로 메시지 칸에 넣습니다. 보내기 전에 고칠 수 있습니다.', en: "Puts the chosen answer, in the conversation's language, into the message box. You can edit it before sending." },
  canned_insert: { ko: '메시지 칸에 넣기', en: 'Insert into message' },
  canned_none: { ko: '준비된 답변이 아직 없습니다.', en: 'There are no canned answers yet.' },
  canned_link: { ko: '준비된 답변 보기', en: 'See canned answers' },
  message_label: { ko: '메시지', en: 'Message' },
  note_label: { ko: '내부 메모 (주민에게 보내지 않음)', en: 'Internal note (never sent to the resident)' },
  send: { ko: '보내기', en: 'Send' },
  link_legend: { ko: '납세자 연결', en: 'Link a taxpayer' },
  link_hint: { ko: '납세자번호, 또는 이름과 생년월일로 찾습니다.', en: 'Find by taxpayer number, or by name and date of birth.' },
  link_taxpayer_no: { ko: '납세자번호', en: 'Taxpayer number' },
  link_name: { ko: '이름', en: 'Name' },
  link_birth_date: { ko: '생년월일 (YYYY-MM-DD)', en: 'Date of birth (YYYY-MM-DD)' },
  link_submit: { ko: '찾아서 연결', en: 'Find and link' },
  transfer_label: { ko: '다른 상담원에게 넘기기', en: 'Transfer to another agent' },
  transfer_submit: { ko: '넘기기', en: 'Transfer' },
  close: { ko: '대화 종료', en: 'Close conversation' },
  not_assigned: { ko: '이 대화를 맡은 상담원만 답할 수 있습니다.', en: 'Only the agent assigned to this conversation can reply.' },
  taxpayer_not_found: { ko: '일치하는 납세자가 없습니다. 입력한 내용을 확인하세요.', en: 'No taxpayer matches. Check what you entered.' },
});

export type LiveChatMessageKey = keyof typeof liveChatMessages.catalogue;

/** What a socket answers an error frame with, by the frame's code. */
export const socketErrorMessages = defineMessages({
  bad_frame: { ko: '알 수 없는 요청입니다.', en: 'Unknown request.' },
  message_too_long: { ko: '메시지가 너무 깁니다. 2,000자 이하로 보내 주세요.', en: 'The message is too long: keep it to 2,000 characters or fewer.' },
  rate_limited: { ko: '메시지를 너무 빨리 보내고 있습니다. 잠시 후 다시 보내 주세요.', en: 'You are sending messages too quickly. Wait a moment and send again.' },
  resume_unknown: { ko: '이전 대화를 찾을 수 없습니다. 새 대화를 시작해 주세요.', en: 'The earlier conversation was not found. Please start a new one.' },
  no_conversation: { ko: '먼저 대화를 시작해 주세요.', en: 'Start a conversation first.' },
  already_started: { ko: '이미 대화가 진행 중입니다.', en: 'A conversation is already open.' },
  unknown_district: { ko: '구를 선택해 주세요.', en: 'Choose a district.' },
  conversation_not_found: { ko: '대화를 찾을 수 없습니다.', en: 'Conversation not found.' },
  conversation_closed: { ko: '이미 종료된 대화입니다.', en: 'This conversation has been closed.' },
  not_assigned: { ko: '이 대화를 맡은 상담원만 답할 수 있습니다.', en: 'Only the agent assigned to this conversation can reply.' },
  session_ended: { ko: '로그인이 끝났습니다. 다시 로그인하세요.', en: 'Your session has ended. Sign in again.' },
  internal: { ko: '일시적인 오류입니다. 다시 시도해 주세요.', en: 'Something went wrong. Please try again.' },
});

export type SocketErrorCode = keyof typeof socketErrorMessages.catalogue;
